{{- define "standin.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The real chart's auth rules (auth enabled needs a "default" user, every user needs permissions and
a password source), plus this project's rule that passwords only come from usersExistingSecret.
*/}}
{{- define "standin.validate" -}}
{{- $auth := .Values.auth -}}
{{- if $auth.enabled -}}
{{- if not $auth.aclUsers -}}{{- fail "auth.enabled needs auth.aclUsers" -}}{{- end -}}
{{- if not (hasKey $auth.aclUsers "default") -}}{{- fail "auth.aclUsers must define the \"default\" user" -}}{{- end -}}
{{- if not $auth.usersExistingSecret -}}{{- fail "auth.usersExistingSecret is required: passwords come only from an existing Secret" -}}{{- end -}}
{{- range $user, $spec := $auth.aclUsers -}}
{{- if not ($spec | default dict).permissions -}}{{- fail (printf "auth.aclUsers.%s needs permissions" $user) -}}{{- end -}}
{{- if ($spec | default dict).password -}}{{- fail (printf "auth.aclUsers.%s.password is an inline secret; use usersExistingSecret with passwordKey" $user) -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- if $auth.aclConfig -}}{{- fail "auth.aclConfig may embed passwords; not accepted" -}}{{- end -}}
{{- end -}}
