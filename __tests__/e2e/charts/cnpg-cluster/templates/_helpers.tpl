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
Checks that reproduce what the real operator would reject or what would leave a service without
its database: every role named, every passwordSecret named, every database with a known owner and
a unique name.
*/}}
{{- define "standin.validate" -}}
{{- $roles := list ((.Values.cluster.initdb | default dict).owner | default "app") -}}
{{- range $i, $r := .Values.cluster.roles -}}
{{- if not $r.name -}}{{- fail (printf "cluster.roles[%d] has no name" $i) -}}{{- end -}}
{{- if and (hasKey $r "passwordSecret") (not ($r.passwordSecret | default dict).name) -}}
{{- fail (printf "cluster.roles[%d] (%s): passwordSecret needs a name" $i $r.name) -}}
{{- end -}}
{{- $roles = append $roles $r.name -}}
{{- end -}}
{{- $seen := list -}}
{{- range $i, $d := .Values.databases -}}
{{- if not $d.name -}}{{- fail (printf "databases[%d] has no name" $i) -}}{{- end -}}
{{- if not $d.owner -}}{{- fail (printf "databases[%d] (%s) has no owner; the Database CRD requires one" $i $d.name) -}}{{- end -}}
{{- if not (has $d.owner $roles) -}}
{{- fail (printf "databases[%d] (%s): owner %q is not a role of the cluster (%s)" $i $d.name $d.owner (join ", " $roles)) -}}
{{- end -}}
{{- if has $d.name $seen -}}{{- fail (printf "databases: %q is declared twice" $d.name) -}}{{- end -}}
{{- $seen = append $seen $d.name -}}
{{- end -}}
{{- end -}}
