{{/*
Full name of every object (Deployment, Service, ServiceAccount, ...).
*/}}
{{- define "flowx-spicedb.fullname" -}}
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

{{- define "flowx-spicedb.selectorLabels" -}}
app.kubernetes.io/name: {{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flowx-spicedb.labels" -}}
{{ include "flowx-spicedb.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flowx
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
Image reference: registry/repository:tag, or registry/repository@digest when a digest is given.
*/}}
{{- define "flowx-spicedb.image" -}}
{{- $repo := required "image.repository is required" .Values.image.repository -}}
{{- $ref := $repo -}}
{{- with .Values.image.registry -}}{{- $ref = printf "%s/%s" (trimSuffix "/" .) $repo -}}{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $ref .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (required "image.tag or image.digest is required" (.Values.image.tag | default .Chart.AppVersion)) -}}
{{- end -}}
{{- end -}}

{{- define "flowx-spicedb.secretName" -}}
{{- default (include "flowx-spicedb.fullname" .) .Values.existingSecret.name -}}
{{- end -}}

{{/* The datastore URI may live in its own Secret (an external PostgreSQL's); default: the same one. */}}
{{- define "flowx-spicedb.datastoreSecretName" -}}
{{- default (include "flowx-spicedb.secretName" .) .Values.existingSecret.datastoreUriSecretName -}}
{{- end -}}

{{- define "flowx-spicedb.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "flowx-spicedb.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The migration Job's name carries a hash of what decides the migration (image, engine, datastore
Secret reference). Job templates are immutable, so a new image yields a new Job that runs the
migrations again, and Helm removes the previous one.
*/}}
{{- define "flowx-spicedb.migrationJobName" -}}
{{- $inputs := list (include "flowx-spicedb.image" .) .Values.datastore.engine (include "flowx-spicedb.datastoreSecretName" .) .Values.existingSecret.datastoreUriKey -}}
{{- printf "%s-migrate-%s" (include "flowx-spicedb.fullname" . | trunc 45 | trimSuffix "-") (join "|" $inputs | sha256sum | trunc 8) -}}
{{- end -}}

{{/*
Environment shared by the server and the migration: the datastore URI from the Secret.
SpiceDB binds SPICEDB_<FLAG> variables to its flags, so this is --datastore-conn-uri without the
value ever appearing in the pod spec or the process arguments.
*/}}
{{- define "flowx-spicedb.datastoreEnv" -}}
- name: SPICEDB_DATASTORE_CONN_URI
  valueFrom:
    secretKeyRef:
      name: {{ include "flowx-spicedb.datastoreSecretName" . }}
      key: {{ required "existingSecret.datastoreUriKey is required" .Values.existingSecret.datastoreUriKey }}
- name: SPICEDB_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: SPICEDB_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: SPICEDB_SKIP_RELEASE_CHECK
  value: {{ .Values.skipReleaseCheck | toString | quote }}
{{- end -}}

{{/*
Reject configurations that would put a credential outside the Secret, or that break the
restricted Pod Security profile.
*/}}
{{- define "flowx-spicedb.validate" -}}
{{- $credentialFlags := list "--grpc-preshared-key" "--datastore-conn-uri" -}}
{{- range .Values.extraArgs -}}
{{- $arg := toString . -}}
{{- range $credentialFlags -}}
{{- if hasPrefix . $arg -}}
{{- fail (printf "extraArgs must not contain %s: the credential comes from existingSecret (%s)" . "datastoreUriKey / presharedKeyKey") -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- $reserved := list "SPICEDB_GRPC_PRESHARED_KEY" "SPICEDB_DATASTORE_CONN_URI" -}}
{{- range .Values.extraEnv -}}
{{- if has .name $reserved -}}
{{- fail (printf "extraEnv must not set %s: it is read from existingSecret" .name) -}}
{{- end -}}
{{- end -}}
{{- $psc := .Values.podSecurityContext | default dict -}}
{{- $sc := .Values.securityContext | default dict -}}
{{- if not (or $psc.runAsNonRoot $sc.runAsNonRoot) -}}
{{- fail "runAsNonRoot must be true (podSecurityContext or securityContext): restricted Pod Security profile" -}}
{{- end -}}
{{- if ne (toString $sc.allowPrivilegeEscalation) "false" -}}
{{- fail "securityContext.allowPrivilegeEscalation must be false: restricted Pod Security profile" -}}
{{- end -}}
{{- if not (has "ALL" (($sc.capabilities | default dict).drop | default list)) -}}
{{- fail "securityContext.capabilities.drop must contain ALL: restricted Pod Security profile" -}}
{{- end -}}
{{- $seccomp := (($sc.seccompProfile | default dict).type) | default (($psc.seccompProfile | default dict).type) -}}
{{- if not (has $seccomp (list "RuntimeDefault" "Localhost")) -}}
{{- fail "seccompProfile.type must be RuntimeDefault or Localhost: restricted Pod Security profile" -}}
{{- end -}}
{{- if lt (int .Values.replicas) 1 -}}
{{- fail "replicas must be at least 1" -}}
{{- end -}}
{{- end -}}
