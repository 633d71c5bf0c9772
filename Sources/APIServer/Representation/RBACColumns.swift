import KubeModel

/// The columns of `kubectl get rolebindings` and `clusterrolebindings`: the role they grant, and
/// with `-o wide` their subjects by kind. Roles and cluster roles have no printer in
/// kube-apiserver and get its default `Name` and `Created At` table.
enum RBACColumns {
    static func bindings(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Role", description: "The role the binding grants.") { binding, _ in
                .string("\(binding["roleRef"]?["kind"]?.stringValue ?? "")/\(binding["roleRef"]?["name"]?.stringValue ?? "")")
            },
            age,
            subjects("Users", kind: "User"),
            subjects("Groups", kind: "Group"),
            subjects("ServiceAccounts", kind: "ServiceAccount"),
        ]
    }

    /// A wide-only column: the binding's subjects of `kind`, service accounts as `namespace/name`.
    private static func subjects(_ name: String, kind: String) -> TableColumn {
        TableColumn(name, priority: 1, description: "\(name) in the binding.") { binding, _ in
            let names = (binding["subjects"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == kind }.map { subject in
                let name = subject["name"]?.stringValue ?? ""
                return kind == "ServiceAccount" ? "\(subject["namespace"]?.stringValue ?? "")/\(name)" : name
            }
            return .string(names.joined(separator: ", "))
        }
    }
}
