import KubeModel

/// The columns of `kubectl get` for deployments, replica sets, stateful sets, daemon sets, jobs and
/// cron jobs; `-o wide` adds the pod template's containers and images, and the selector.
enum WorkloadColumns {
    /// A column of the integer at `path` (declared a `string` column where kube-apiserver does so).
    private static func integer(_ name: String, _ path: String..., type: String = "integer") -> TableColumn {
        TableColumn(name, type: type) { object, _ in .integer(object[path: path]?.integerValue ?? 0) }
    }

    /// The wide-only `Containers` and `Images` columns of the pod template at `spec` + `templatePath`,
    /// and `Selector` (the label selector at `spec` + `selectorPath`) unless `selectorPath` is nil.
    private static func template(_ templatePath: [String] = ["template"], selectorPath: [String]? = ["selector"]) -> [TableColumn] {
        var columns = containers(at: ["spec"] + templatePath, priority: 1)
        if let selectorPath {
            columns.append(TableColumn("Selector", priority: 1, description: "Label selector for pods.") { object, _ in
                .string(TableCell.selector(object[path: ["spec"] + selectorPath]))
            })
        }
        return columns
    }

    /// `Containers` and `Images`: the names and images of the containers of the pod template at `templatePath`.
    private static func containers(at templatePath: [String], priority: Int) -> [TableColumn] {
        let path = templatePath + ["spec", "containers"]
        return [
            TableColumn("Containers", priority: priority, description: "Names of each container in the template.") { object, _ in
                .string((object[path: path]?.arrayValue ?? []).map { $0["name"]?.stringValue ?? "" }.joined(separator: ","))
            },
            TableColumn("Images", priority: priority, description: "Images referenced by each container in the template.") { object, _ in
                .string((object[path: path]?.arrayValue ?? []).map { $0["image"]?.stringValue ?? "" }.joined(separator: ","))
            },
        ]
    }

    static func deployments(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Ready") { object, _ in
                let ready = object["status"]?["readyReplicas"]?.integerValue ?? 0
                let desired = object["spec"]?["replicas"]?.integerValue ?? 1
                return .string("\(ready)/\(desired)")
            },
            integer("Up-to-date", "status", "updatedReplicas", type: "string"),
            integer("Available", "status", "availableReplicas", type: "string"), age,
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
            TableColumn("Node Selector") { set, _ in .string(TableCell.labels(set[path: ["spec", "template", "spec", "nodeSelector"]])) },
            age,
        ] + template()
    }

    static func jobs(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Status", description: "Status of the job.") { job, _ in
                // Each condition type counts by its first occurrence.
                let conditions = job["status"]?["conditions"]?.arrayValue ?? []
                let holds = { (type: String) in conditions.first { $0["type"]?.stringValue == type }?["status"] == "True" }
                if holds("Complete") { return "Complete" }
                if holds("Failed") { return "Failed" }
                if !job.metadataString("deletionTimestamp").isEmpty { return "Terminating" }
                if holds("Suspended") { return "Suspended" }
                return holds("FailureTarget") ? "FailureTarget" : "Running"
            },
            TableColumn("Completions", description: "Succeeded pods of the completions needed.") { job, _ in
                let succeeded = job["status"]?["succeeded"]?.integerValue ?? 0
                if let completions = job["spec"]?["completions"]?.integerValue { return .string("\(succeeded)/\(completions)") }
                let parallelism = job["spec"]?["parallelism"]?.integerValue ?? 0
                return .string(parallelism > 1 ? "\(succeeded)/1 of \(parallelism)" : "\(succeeded)/1")
            },
            TableColumn("Duration", description: "Time required to complete the job.") { job, now in
                guard let start = job["status"]?["startTime"]?.stringValue else { return "" }
                guard let completion = job["status"]?["completionTime"]?.stringValue.flatMap(TableConverter.seconds) else {
                    return TableConverter.elapsed(since: start, now: now)
                }
                return TableConverter.elapsed(since: start, now: completion)
            },
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
                guard let scheduled = job["status"]?["lastScheduleTime"]?.stringValue else { return "<none>" }
                return TableConverter.elapsed(since: scheduled, now: now)
            },
            age,
        ] + template(["jobTemplate", "spec", "template"], selectorPath: ["jobTemplate", "spec", "selector"])
    }

    /// Pod templates show their containers and labels, and no age.
    static func podTemplates(name: TableColumn) -> [TableColumn] {
        [name] + containers(at: ["template"], priority: 0) + [
            TableColumn("Pod Labels", description: "The labels for the pod template.") { template, _ in
                .string(TableCell.labels(template[path: ["template", "metadata", "labels"]]))
            },
        ]
    }

    /// `Controller` is the controlling owner as `kind.group/name` in lower case.
    static func controllerRevisions(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Controller", description: "Controller of the object.") { revision, _ in
                let owners = revision.metadata["ownerReferences"]?.arrayValue ?? []
                guard let owner = owners.first(where: { $0["controller"]?.boolValue == true }) else { return "<none>" }
                let apiVersion = owner["apiVersion"]?.stringValue ?? ""
                let group = apiVersion.contains("/") ? String(apiVersion.prefix { $0 != "/" }) : ""
                let kind = owner["kind"]?.stringValue ?? ""
                let ownerName = owner["name"]?.stringValue ?? ""
                if kind.isEmpty && group.isEmpty { return .string(ownerName) }
                return .string("\((group.isEmpty ? kind : "\(kind).\(group)").lowercased())/\(ownerName)")
            },
            TableColumn("Revision", description: "The revision of the state the object holds.") { revision, _ in
                .integer(revision["revision"]?.integerValue ?? 0)
            },
            age,
        ]
    }
}
