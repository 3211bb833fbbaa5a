{{/*
A ConfigMap recording the values this stand-in chart received, so an end-to-end test can read back
exactly what the stack passed. Only Secret names and keys are ever passed, never Secret values.
*/}}
{{- define "standin.recordedValues" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ printf "%s-standin-values" .Release.Name | trunc 63 | trimSuffix "-" }}
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    flowx.ai/e2e-stand-in-for: {{ .Chart.Name }}
data:
  chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
  values.yaml: |
    {{- toYaml .Values | nindent 4 }}
{{- end -}}
