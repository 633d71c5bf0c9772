import Foundation
import KubeModel
import Testing

@testable import APIServer

/// The cells kube-apiserver's printers give representative objects of each kind.
@Suite struct TableConverterTests {
    /// 2026-01-01T00:00:00Z, the creation time of every object below, plus 90 seconds.
    private static let now = 1_767_225_600.0 + 90

    /// The column names (wide-only ones marked `+`) and the cells of `object`, a `kind`, whose
    /// metadata gets a name and creation time unless it has them.
    private func table(_ kind: String, _ object: JSONValue) -> (columns: [String], cells: [JSONValue]) {
        var object = object
        if object.metadataString("name").isEmpty { object.setMetadataString("name", "x") }
        object.setMetadataString("creationTimestamp", "2026-01-01T00:00:00Z")
        let columns = TableConverter.columns(for: kind)
        return (columns.map { $0.priority == 0 ? $0.name : "+" + $0.name }, columns.map { $0.cell(object, Self.now) })
    }

    private func cells(_ kind: String, _ json: String) throws -> [JSONValue] {
        self.table(kind, try JSONParser.parse(Array(json.utf8))).cells
    }

    @Test func admissionPoliciesAndWebhookConfigurations() throws {
        #expect(self.table("ValidatingAdmissionPolicy", [:]).columns == ["Name", "Validations", "ParamKind", "Age"])
        #expect(try self.cells("ValidatingAdmissionPolicy", #"""
            {"metadata": {"name": "max"}, "spec": {"paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
             "validations": [{"expression": "true"}, {"expression": "false"}]}}
            """#) == ["max", 2, "v1/ConfigMap", "90s"])
        #expect(try self.cells("ValidatingAdmissionPolicy", #"{"spec": {}}"#) == ["x", 0, "<unset>", "90s"])

        #expect(self.table("ValidatingAdmissionPolicyBinding", [:]).columns == ["Name", "PolicyName", "ParamRef", "Age"])
        #expect(try self.cells("ValidatingAdmissionPolicyBinding", #"{"spec": {"policyName": "max", "paramRef": {"name": "limits"}}}"#)
            == ["x", "max", "*/limits", "90s"])
        #expect(try self.cells("ValidatingAdmissionPolicyBinding", #"""
            {"spec": {"policyName": "max", "paramRef": {"name": "limits", "namespace": "team"}}}
            """#)[2] == "team/limits")
        #expect(try self.cells("ValidatingAdmissionPolicyBinding", #"""
            {"spec": {"policyName": "max", "paramRef": {"selector": {"matchLabels": {"app": "web"},
              "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]}}}}
            """#)[2] == """
            &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{\
            LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}
            """)
        #expect(try self.cells("ValidatingAdmissionPolicyBinding", #"{"spec": {"policyName": "max"}}"#)[2] == "<unset>")

        #expect(try self.cells("ValidatingWebhookConfiguration", #"{"webhooks": [{"name": "a"}, {"name": "b"}]}"#) == ["x", 2, "90s"])
    }

    @Test func horizontalPodAutoscalers() throws {
        let columns = self.table("HorizontalPodAutoscaler", [:]).columns
        #expect(columns == ["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"])
        #expect(TableConverter.columns(for: "HorizontalPodAutoscaler").allSatisfy { $0.type == "string" })

        let v2 = #"""
            {"metadata": {"name": "web"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 10,
              "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}},
                          {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "500Mi"}}}]},
             "status": {"currentReplicas": 3, "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 40}}}]}}
            """#
        #expect(try self.cells("HorizontalPodAutoscaler", v2) == ["web", "Deployment/web", "cpu: 40%/80%, memory: <unknown>/500Mi", "2", 10, 3, "90s"])

        // autoscaling/v1: the CPU target alone, before any status and without minReplicas.
        let v1 = #"{"spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5, "targetCPUUtilizationPercentage": 80}}"#
        #expect(try self.cells("HorizontalPodAutoscaler", v1) == ["x", "Deployment/web", "cpu: <unknown>/80%", "<unset>", 5, 0, "90s"])
        let measured = #"{"spec": {"targetCPUUtilizationPercentage": 80}, "status": {"currentCPUUtilizationPercentage": 41}}"#
        #expect(try self.cells("HorizontalPodAutoscaler", measured)[2] == "cpu: 41%/80%")
        #expect(try self.cells("HorizontalPodAutoscaler", #"{"spec": {"maxReplicas": 1}}"#)[2] == "<none>")

        // Every source type; from the third metric on only a count.
        let many = #"""
            {"spec": {"metrics": [
               {"type": "Pods", "pods": {"metric": {"name": "qps"}, "target": {"type": "AverageValue", "averageValue": "1k"}}},
               {"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "AverageValue", "averageValue": 30}}},
               {"type": "Object", "object": {"metric": {"name": "hits"}, "target": {"type": "Value", "value": "10"}}}]},
             "status": {"currentMetrics": [{"type": "Pods", "pods": {"current": {"averageValue": "250"}}},
                                           {"type": "External", "external": {"current": {"averageValue": "12"}}}]}}
            """#
        #expect(try self.cells("HorizontalPodAutoscaler", many)[2] == "250/1k, 12/30 (avg) + 1 more...")
        let single = #"""
            {"spec": {"metrics": [{"type": "Object", "object": {"target": {"type": "Value", "value": "10"}}},
                                  {"type": "ContainerResource", "containerResource": {"name": "cpu", "container": "app", "target": {"type": "Utilization"}}}]},
             "status": {"currentMetrics": [{"type": "Object", "object": {"current": {"value": "7"}}}]}}
            """#
        #expect(try self.cells("HorizontalPodAutoscaler", single)[2] == "7/10, cpu: <unknown>/<auto>")
    }

    @Test func podDisruptionBudgetsQuotasAndPriorityClasses() throws {
        #expect(self.table("PodDisruptionBudget", [:]).columns == ["Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age"])
        #expect(try self.cells("PodDisruptionBudget", #"{"spec": {"minAvailable": 2}, "status": {"disruptionsAllowed": 1}}"#) == ["x", "2", "N/A", 1, "90s"])
        #expect(try self.cells("PodDisruptionBudget", #"{"spec": {"maxUnavailable": "25%"}}"#) == ["x", "N/A", "25%", 0, "90s"])

        #expect(self.table("ResourceQuota", [:]).columns == ["Name", "Request", "Limit", "Age"])
        let quota = #"""
            {"spec": {"hard": {"pods": "10"}},
             "status": {"hard": {"pods": "10", "requests.cpu": "2", "limits.memory": "2Gi", "limits.cpu": "4"},
                        "used": {"pods": "3", "requests.cpu": "500m", "limits.cpu": "1"}}}
            """#
        #expect(try self.cells("ResourceQuota", quota) == ["x", "pods: 3/10, requests.cpu: 500m/2", "limits.cpu: 1/4, limits.memory: 0/2Gi", "90s"])
        #expect(try self.cells("ResourceQuota", #"{"spec": {"hard": {"pods": "10"}}}"#) == ["x", "", "", "90s"])

        #expect(self.table("PriorityClass", [:]).columns == ["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"])
        let priority = #"{"value": 1000000, "globalDefault": true, "preemptionPolicy": "Never"}"#
        #expect(try self.cells("PriorityClass", priority) == ["x", 1_000_000, true, "90s", "Never"])
    }

    @Test func storage() throws {
        let volumeColumns = ["Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "+VolumeMode"]
        #expect(self.table("PersistentVolume", [:]).columns == volumeColumns)
        let volume = #"""
            {"spec": {"capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
                      "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "fast", "volumeMode": "Filesystem",
                      "claimRef": {"namespace": "default", "name": "data"}},
             "status": {"phase": "Bound"}}
            """#
        #expect(try self.cells("PersistentVolume", volume) == ["x", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "fast", "<unset>", "", "90s", "Filesystem"])
        let released = #"{"metadata": {"deletionTimestamp": "2026-01-01T00:01:00Z", "annotations": {"volume.beta.kubernetes.io/storage-class": "old"}}, "spec": {"storageClassName": "fast"}, "status": {"phase": "Released", "reason": "Gone"}}"#
        #expect(try self.cells("PersistentVolume", released) == ["x", "0", "", "", "Terminating", "", "old", "<unset>", "Gone", "90s", "<unset>"])

        #expect(self.table("PersistentVolumeClaim", [:]).columns == ["Name", "Status", "Volume", "Capacity", "Access Modes", "StorageClass", "VolumeAttributesClass", "Age", "+VolumeMode"])
        let pending = #"{"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}, "volumeMode": "Filesystem"}, "status": {"phase": "Pending"}}"#
        #expect(try self.cells("PersistentVolumeClaim", pending) == ["x", "Pending", "", "", "", "", "<unset>", "90s", "Filesystem"])
        let bound = #"{"spec": {"volumeName": "pv-1", "storageClassName": "fast", "volumeAttributesClassName": "gold"}, "status": {"phase": "Bound", "capacity": {"storage": "2Gi"}, "accessModes": ["ReadWriteOncePod"]}}"#
        #expect(try self.cells("PersistentVolumeClaim", bound) == ["x", "Bound", "pv-1", "2Gi", "RWOP", "fast", "gold", "90s", "<unset>"])

        #expect(self.table("StorageClass", [:]).columns == ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"])
        let standard = #"{"metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}}, "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}"#
        #expect(try self.cells("StorageClass", standard) == ["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "90s"])
        let fast = #"{"metadata": {"annotations": {"storageclass.kubernetes.io/is-default-class": "false"}}, "provisioner": "csi.example.com", "reclaimPolicy": "Retain", "allowVolumeExpansion": true}"#
        #expect(try self.cells("StorageClass", fast) == ["x", "csi.example.com", "Retain", "Immediate", true, "90s"])
    }

    @Test func networking() throws {
        #expect(self.table("Ingress", [:]).columns == ["Name", "Class", "Hosts", "Address", "Ports", "Age"])
        let ingress = #"""
            {"spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example.com"]}],
                      "rules": [{"host": "a.example.com"}, {"http": {}}, {"host": "b.example.com"}, {"host": "c.example.com"}, {"host": "d.example.com"}]},
             "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.9"}, {"hostname": "lb.example.com"}, {"ip": "192.0.2.1"}, {"ip": "192.0.2.9"}]}}}
            """#
        #expect(try self.cells("Ingress", ingress) == ["x", "nginx", "a.example.com,b.example.com,c.example.com + 2 more...", "192.0.2.1,192.0.2.9,lb.example.com", "80, 443", "90s"])
        #expect(try self.cells("Ingress", #"{"spec": {"defaultBackend": {"service": {"name": "web"}}}}"#) == ["x", "<none>", "*", "", "80", "90s"])

        #expect(self.table("IngressClass", [:]).columns == ["Name", "Controller", "Parameters", "Age"])
        let parameters = #"{"spec": {"controller": "k8s.io/ingress-nginx", "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb"}}}"#
        #expect(try self.cells("IngressClass", parameters) == ["x", "k8s.io/ingress-nginx", "IngressParameters.k8s.example.com/external-lb", "90s"])
        #expect(try self.cells("IngressClass", #"{"spec": {"controller": "example.com/c"}}"#)[2] == "<none>")

        #expect(self.table("NetworkPolicy", [:]).columns == ["Name", "Pod-Selector", "Age"])
        #expect(try self.cells("NetworkPolicy", #"{"spec": {"podSelector": {"matchLabels": {"role": "db", "app": "web"}}}}"#)[1] == "app=web,role=db")
        #expect(try self.cells("NetworkPolicy", #"{"spec": {"podSelector": {}}}"#)[1] == "<none>")
        let expressions = #"{"spec": {"podSelector": {"matchLabels": {"tier": "db"}, "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]}, {"key": "zone", "operator": "DoesNotExist"}]}}}"#
        #expect(try self.cells("NetworkPolicy", expressions)[1] == "env in (dev,prod),tier=db,!zone")

        #expect(self.table("EndpointSlice", [:]).columns == ["Name", "AddressType", "Ports", "Endpoints", "Age"])
        let slice = #"""
            {"addressType": "IPv4", "ports": [{"name": "http", "port": 80}, {"name": "metrics"}, {}],
             "endpoints": [{"addresses": ["10.1.0.1", "10.1.0.2"]}, {"addresses": ["10.1.0.3"]}, {"addresses": ["10.1.0.4", "10.1.0.5"]}]}
            """#
        #expect(try self.cells("EndpointSlice", slice) == ["x", "IPv4", "80,metrics,*", "10.1.0.1,10.1.0.2,10.1.0.3 + 2 more...", "90s"])
        #expect(try self.cells("EndpointSlice", #"{"addressType": "IPv6"}"#) == ["x", "IPv6", "<unset>", "<unset>", "90s"])
    }

    @Test func rbac() throws {
        #expect(self.table("RoleBinding", [:]).columns == ["Name", "Role", "Age", "+Users", "+Groups", "+ServiceAccounts"])
        let binding = #"""
            {"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
             "subjects": [{"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "namespace": "ci", "name": "builder"},
                          {"kind": "User", "name": "joe"}, {"kind": "Group", "name": "devs"}]}
            """#
        #expect(try self.cells("ClusterRoleBinding", binding) == ["x", "ClusterRole/view", "90s", "jane, joe", "devs", "ci/builder"])
        #expect(try self.cells("RoleBinding", #"{"roleRef": {"kind": "Role", "name": "reader"}}"#) == ["x", "Role/reader", "90s", "", "", ""])

        // No printer in kube-apiserver: its default table.
        for kind in ["Role", "ClusterRole", "LimitRange"] {
            #expect(self.table(kind, [:]).columns == ["Name", "Created At"])
            #expect(self.table(kind, [:]).cells == ["x", "2026-01-01T00:00:00Z"])
        }
        #expect(TableConverter.columns(for: "Role").map(\.type) == ["string", "date"])
    }

    @Test func workloadsAndLeases() throws {
        #expect(self.table("Lease", [:]).columns == ["Name", "Holder", "Age"])
        #expect(try self.cells("Lease", #"{"spec": {"holderIdentity": "node-1_5f2a"}}"#) == ["x", "node-1_5f2a", "90s"])
        #expect(try self.cells("Lease", #"{"spec": {}}"#) == ["x", "", "90s"])

        #expect(self.table("ControllerRevision", [:]).columns == ["Name", "Controller", "Revision", "Age"])
        let revision = #"""
            {"metadata": {"name": "web-7d9f", "ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "other"},
              {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "web", "controller": true}]}, "revision": 3}
            """#
        #expect(try self.cells("ControllerRevision", revision) == ["web-7d9f", "statefulset.apps/web", 3, "90s"])
        let coreOwned = #"{"metadata": {"ownerReferences": [{"apiVersion": "v1", "kind": "Pod", "name": "p", "controller": true}]}, "revision": 1}"#
        #expect(try self.cells("ControllerRevision", coreOwned)[1] == "pod/p")
        #expect(try self.cells("ControllerRevision", #"{"revision": 1}"#)[1] == "<none>")

        #expect(self.table("PodTemplate", [:]).columns == ["Name", "Containers", "Images", "Pod Labels"])
        let template = #"""
            {"template": {"metadata": {"labels": {"tier": "web", "app": "shop"}},
                          "spec": {"containers": [{"name": "app", "image": "shop:1"}, {"name": "proxy", "image": "envoy:1.30"}]}}}
            """#
        #expect(try self.cells("PodTemplate", template) == ["x", "app,proxy", "shop:1,envoy:1.30", "app=shop,tier=web"])
        #expect(try self.cells("PodTemplate", #"{"template": {"spec": {"containers": []}}}"#) == ["x", "", "", "<none>"])

        let controller = #"{"spec": {"replicas": 2, "selector": {"app": "web"}, "template": {"spec": {"containers": [{"name": "c", "image": "i"}]}}}}"#
        #expect(try self.cells("ReplicationController", controller) == ["x", 2, 0, 0, "90s", "c", "i", "app=web"])
    }

    @Test func jobsAndCronJobs() throws {
        let running = #"{"spec": {"parallelism": 1, "suspend": true}, "status": {"startTime": "2026-01-01T00:00:30Z"}}"#
        #expect(try self.cells("Job", running).prefix(4) == ["x", "Running", "0/1", "60s"])
        let done = #"""
            {"spec": {"completions": 3, "parallelism": 2}, "status": {"succeeded": 3, "startTime": "2026-01-01T00:00:00Z", "completionTime": "2026-01-01T00:00:42Z",
              "conditions": [{"type": "Suspended", "status": "True"}, {"type": "Complete", "status": "True"}]}}
            """#
        #expect(try self.cells("Job", done).prefix(4) == ["x", "Complete", "3/3", "42s"])
        let suspended = #"{"spec": {"parallelism": 4}, "status": {"conditions": [{"type": "Suspended", "status": "True"}]}}"#
        #expect(try self.cells("Job", suspended).prefix(4) == ["x", "Suspended", "0/1 of 4", ""])
        #expect(try self.cells("Job", #"{"metadata": {"deletionTimestamp": "2026-01-01T00:01:00Z"}}"#)[1] == "Terminating")

        let scheduled = #"{"spec": {"schedule": "*/5 * * * *"}, "status": {"lastScheduleTime": "2026-01-01T00:01:00Z"}}"#
        #expect(try self.cells("CronJob", scheduled).prefix(7) == ["x", "*/5 * * * *", "<none>", false, 0, "30s", "90s"])
    }

    @Test func servicesEndpointsNodesAndEvents() throws {
        let balanced = #"""
            {"spec": {"type": "LoadBalancer", "clusterIP": "10.0.0.9", "externalIPs": ["198.51.100.7"], "ports": [{"port": 443, "nodePort": 30443, "protocol": "TCP"}]},
             "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.5"}, {"hostname": "lb.example.com"}]}}}
            """#
        #expect(try self.cells("Service", balanced).prefix(5) == ["x", "LoadBalancer", "10.0.0.9", "203.0.113.5,lb.example.com,198.51.100.7", "443:30443/TCP"])

        let endpoints = #"""
            {"subsets": [{"addresses": [{"ip": "10.1.0.1"}, {"ip": "fd00::2"}], "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]},
                         {"addresses": [{"ip": "10.1.0.3"}]}]}
            """#
        #expect(try self.cells("Endpoints", endpoints)[1] == "10.1.0.1:80,[fd00::2]:80,10.1.0.1:443 + 2 more...")
        #expect(try self.cells("Endpoints", #"{"subsets": [{"addresses": [{"ip": "10.1.0.3"}]}]}"#)[1] == "10.1.0.3")
        #expect(try self.cells("Endpoints", #"{}"#)[1] == "<none>")

        let node = #"{"metadata": {"labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "edge"}}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}"#
        #expect(try self.cells("Node", node).prefix(3) == ["x", "NotReady", "control-plane,edge"])

        #expect(self.table("Event", [:]).columns == ["Last Seen", "Type", "Reason", "Object", "+Subobject", "+Source", "Message", "+First Seen", "+Count", "+Name"])
        let event = #"""
            {"metadata": {"name": "web.1"}, "type": "Warning", "reason": "BackOff", "message": " Back-off restarting\n",
             "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{app}"}, "source": {"component": "kubelet", "host": "node-1"},
             "firstTimestamp": "2026-01-01T00:00:10Z", "lastTimestamp": "2026-01-01T00:01:00Z", "count": 4}
            """#
        #expect(try self.cells("Event", event) == ["30s", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, node-1", "Back-off restarting", "80s", 4, "web.1"])
        let reported = #"""
            {"reason": "Scaled", "involvedObject": {"kind": "Node"}, "reportingComponent": "autoscaler", "eventTime": "2026-01-01T00:00:30.123456Z",
             "series": {"count": 7, "lastObservedTime": "2026-01-01T00:01:20.000000Z"}}
            """#
        #expect(try self.cells("Event", reported) == ["10s", "", "Scaled", "node", "", "autoscaler", "", "59s", 7, "x"])
        #expect(try self.cells("Event", #"{"lastTimestamp": "2026-01-01T00:00:00Z"}"#)[8] == 1)
    }
}
