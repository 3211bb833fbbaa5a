{{/*
Kafka cluster name (metadata.name of the Kafka resource), validated as a DNS label.
*/}}
{{- define "flowx-kafka.name" -}}
{{- $name := required "name is required (the Kafka resource name)" .Values.name -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name) -}}
{{- fail (printf "name %q must be a lowercase DNS label (a-z, 0-9, '-')" $name) -}}
{{- end -}}
{{- if gt (len $name) 40 -}}
{{- fail (printf "name %q is longer than 40 characters; Strimzi derives longer resource names from it" $name) -}}
{{- end -}}
{{- $name -}}
{{- end -}}

{{/*
Labels shared by both custom resources.
*/}}
{{- define "flowx-kafka.labels" -}}
app.kubernetes.io/name: flowx-kafka
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: flowx
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
Replication factor for internal topics and new topics: the number of nodes, at most 3.
*/}}
{{- define "flowx-kafka.replicationFactor" -}}
{{- $replicas := int .Values.replicas -}}
{{- if lt $replicas 1 -}}
{{- fail "replicas must be at least 1" -}}
{{- end -}}
{{- min $replicas 3 -}}
{{- end -}}

{{/*
Broker configuration: defaults derived from the node count, then the user's `config`.
*/}}
{{- define "flowx-kafka.config" -}}
{{- $rf := int (include "flowx-kafka.replicationFactor" .) -}}
{{- $isr := 1 -}}
{{- if ge $rf 3 -}}{{- $isr = 2 -}}{{- end -}}
{{- $defaults := dict
      "offsets.topic.replication.factor" $rf
      "transaction.state.log.replication.factor" $rf
      "transaction.state.log.min.isr" $isr
      "default.replication.factor" $rf
      "min.insync.replicas" $isr -}}
{{- toYaml (merge (deepCopy (default dict .Values.config)) $defaults) -}}
{{- end -}}

{{/*
Node pool storage, validated.
*/}}
{{- define "flowx-kafka.storage" -}}
{{- $s := .Values.storage -}}
{{- if eq $s.type "ephemeral" -}}
type: ephemeral
{{- with $s.sizeLimit }}
sizeLimit: {{ . | quote }}
{{- end }}
{{- else if eq $s.type "persistent-claim" -}}
type: persistent-claim
size: {{ required "storage.size is required when storage.type is persistent-claim" $s.size | quote }}
{{- with $s.class }}
class: {{ . | quote }}
{{- end }}
deleteClaim: {{ $s.deleteClaim | default false }}
{{- else -}}
{{- fail (printf "storage.type must be \"ephemeral\" or \"persistent-claim\", got %q" (toString $s.type)) -}}
{{- end -}}
{{- end -}}
