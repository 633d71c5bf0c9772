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
            TableColumn("Node Selector") { set, _ in .string(TableCell.labels(set[path: ["spec", "template", "spec", "nodeSelector"]])) },
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
