import KubeModel

/// The columns of `kubectl get` for deployments, replica sets, stateful sets, daemon sets, jobs and
/// cron jobs; `-o wide` adds the pod template's containers and images, and the selector.
enum WorkloadColumns {
    private static func integer(_ name: String, _ path: String...) -> TableColumn {
        TableColumn(name, type: "integer") { object, _ in .integer(object[path: path]?.integerValue ?? 0) }
    }

    /// The wide-only `Containers` and `Images` columns of the pod template at `spec` + `templatePath`,
    /// and `Selector` (the label selector at `spec` + `selectorPath`) unless `selectorPath` is nil.
    private static func template(_ templatePath: [String] = ["template"], selectorPath: [String]? = ["selector"]) -> [TableColumn] {
        let path = ["spec"] + templatePath + ["spec", "containers"]
        var columns = [
            TableColumn("Containers", priority: 1, description: "Names of each container in the template.") { object, _ in
                .string((object[path: path]?.arrayValue ?? []).map { $0["name"]?.stringValue ?? "" }.joined(separator: ","))
            },
            TableColumn("Images", priority: 1, description: "Images referenced by each container in the template.") { object, _ in
                .string((object[path: path]?.arrayValue ?? []).map { $0["image"]?.stringValue ?? "" }.joined(separator: ","))
            },
        ]
        if let selectorPath {
            columns.append(TableColumn("Selector", priority: 1, description: "Label selector for pods.") { object, _ in
                .string(ScaleSubresource.selectorString(object[path: ["spec"] + selectorPath]))
            })
        }
        return columns
    }

    static func deployments(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Ready") { object, _ in
                let ready = object["status"]?["readyReplicas"]?.integerValue ?? 0
                let desired = object["spec"]?["replicas"]?.integerValue ?? 1
                return .string("\(ready)/\(desired)")
            },
            integer("Up-to-date", "status", "updatedReplicas"), integer("Available", "status", "availableReplicas"), age,
        ] + template()
    }

    static func replicaSets(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [name, integer("Desired", "spec", "replicas"), integer("Current", "status", "replicas"),
         integer("Ready", "status", "readyReplicas"), age] + template()
    }

    static func statefulSets(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Ready") { set, _ in
                .string("\(set["status"]?["readyReplicas"]?.integerValue ?? 0)/\(set["spec"]?["replicas"]?.integerValue ?? 1)")
            },
            age,
        ] + template(selectorPath: nil)
    }

    static func daemonSets(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name, integer("Desired", "status", "desiredNumberScheduled"), integer("Current", "status", "currentNumberScheduled"),
            integer("Ready", "status", "numberReady"), integer("Up-to-date", "status", "updatedNumberScheduled"),
            integer("Available", "status", "numberAvailable"),
            TableColumn("Node Selector") { set, _ in
                let selector = (set["spec"]?["template"]?["spec"]?["nodeSelector"]?.objectValue ?? JSONObject())
                    .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
                return .string(selector.isEmpty ? "<none>" : selector.joined(separator: ","))
            },
            age,
        ] + template()
    }

    static func jobs(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Status") { job, _ in
                let conditions = job["status"]?["conditions"]?.arrayValue ?? []
                let holding = conditions.filter { $0["status"] == "True" }.compactMap { $0["type"]?.stringValue }
                if holding.contains("Complete") { return "Complete" }
                if holding.contains("Failed") { return "Failed" }
                if job["spec"]?["suspend"] == true { return "Suspended" }
                return "Running"
            },
            TableColumn("Completions") { job, _ in
                let succeeded = job["status"]?["succeeded"]?.integerValue ?? 0
                if let completions = job["spec"]?["completions"]?.integerValue { return .string("\(succeeded)/\(completions)") }
                return .string("\(succeeded)/1 of \(job["spec"]?["parallelism"]?.integerValue ?? 1)")
            },
            TableColumn("Duration") { _, _ in "" },
            age,
        ] + template()
    }

    static func cronJobs(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Schedule") { job, _ in job["spec"]?["schedule"] ?? "" },
            TableColumn("Timezone") { job, _ in .string(job["spec"]?["timeZone"]?.stringValue ?? "<none>") },
            TableColumn("Suspend", type: "boolean") { job, _ in .bool(job["spec"]?["suspend"]?.boolValue ?? false) },
            TableColumn("Active", type: "integer") { job, _ in .integer(Int64(job["status"]?["active"]?.arrayValue?.count ?? 0)) },
            TableColumn("Last Schedule") { job, now in
                job["status"]?["lastScheduleTime"] == nil ? "<none>" : TableConverter.age(job, now: now)
            },
            age,
        ] + template(["jobTemplate", "spec", "template"], selectorPath: ["jobTemplate", "spec", "selector"])
    }
}
