import KubeModel

/// The columns of `kubectl get` for persistent volumes, persistent volume claims and storage
/// classes; `-o wide` adds the volume mode.
enum StorageColumns {
    static func persistentVolumes(name: TableColumn, age: TableColumn) -> [TableColumn] {
        [
            name,
            TableColumn("Capacity", description: "The volume's storage capacity.") { volume, _ in
                .string(TableCell.quantity(volume[path: ["spec", "capacity", "storage"]]))
            },
            TableColumn("Access Modes", description: "The ways the volume can be mounted.") { volume, _ in
                .string(Self.accessModes(volume["spec"]?["accessModes"]))
            },
            TableColumn("Reclaim Policy", description: "What happens to the volume when its claim is released.") { volume, _ in
                volume["spec"]?["persistentVolumeReclaimPolicy"] ?? ""
            },
            phase,
            TableColumn("Claim", description: "The claim bound to the volume.") { volume, _ in
                guard let claim = volume["spec"]?["claimRef"] else { return "" }
                return .string("\(claim["namespace"]?.stringValue ?? "")/\(claim["name"]?.stringValue ?? "")")
            },
            storageClass,
            attributesClass,
            TableColumn("Reason", description: "Why the volume is in its phase.") { volume, _ in volume["status"]?["reason"] ?? "" },
            age,
            volumeMode,
        ]
    }

    static func persistentVolumeClaims(name: TableColumn, age: TableColumn) -> [TableColumn] {
        // Capacity and access modes come from the bound volume, so they stay empty until then.
        let isBound: @Sendable (JSONValue) -> Bool = { ($0["spec"]?["volumeName"]?.stringValue ?? "").isEmpty == false }
        return [
            name,
            phase,
            TableColumn("Volume", description: "The volume bound to the claim.") { claim, _ in claim["spec"]?["volumeName"] ?? "" },
            TableColumn("Capacity", description: "The storage capacity of the bound volume.") { claim, _ in
                isBound(claim) ? .string(TableCell.quantity(claim[path: ["status", "capacity", "storage"]])) : ""
            },
            TableColumn("Access Modes", description: "The ways the bound volume can be mounted.") { claim, _ in
                isBound(claim) ? .string(Self.accessModes(claim["status"]?["accessModes"])) : ""
            },
            storageClass,
            attributesClass,
            age,
            volumeMode,
        ]
    }

    static func storageClasses(age: TableColumn) -> [TableColumn] {
        let defaultMarkers = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]
        return [
            TableColumn("Name", format: "name", description: "The class name, marked `(default)` for the default class.") { storageClass, _ in
                let isDefault = defaultMarkers.contains { storageClass.annotations[$0] == "true" }
                return .string(storageClass.name + (isDefault ? " (default)" : ""))
            },
            TableColumn("Provisioner", description: "The volume plugin that provisions volumes of this class.") { storageClass, _ in
                storageClass["provisioner"] ?? ""
            },
            TableColumn("ReclaimPolicy", description: "The reclaim policy of volumes provisioned for this class.") { storageClass, _ in
                storageClass["reclaimPolicy"] ?? "Delete"
            },
            TableColumn("VolumeBindingMode", description: "When volumes are bound and provisioned.") { storageClass, _ in
                storageClass["volumeBindingMode"] ?? "Immediate"
            },
            TableColumn("AllowVolumeExpansion", description: "Whether volumes of this class may be expanded.") { storageClass, _ in
                .bool(storageClass["allowVolumeExpansion"]?.boolValue ?? false)
            },
            age,
        ]
    }

    /// `Terminating` once deletion started, else `status.phase`.
    private static let phase = TableColumn("Status", description: "The phase of the volume or claim.") { object, _ in
        object.metadataString("deletionTimestamp").isEmpty ? object["status"]?["phase"] ?? "" : "Terminating"
    }

    /// The storage class: the beta annotation wins over `spec.storageClassName`.
    private static let storageClass = TableColumn("StorageClass", description: "The storage class of the volume or claim.") { object, _ in
        if let annotated = object.annotations["volume.beta.kubernetes.io/storage-class"] { return .string(annotated) }
        return object["spec"]?["storageClassName"] ?? ""
    }

    private static let attributesClass = TableColumn(
        "VolumeAttributesClass", description: "The volume attributes class of the volume or claim."
    ) { object, _ in object["spec"]?["volumeAttributesClassName"] ?? "<unset>" }

    private static let volumeMode = TableColumn("VolumeMode", priority: 1, description: "Filesystem or Block.") { object, _ in
        object["spec"]?["volumeMode"] ?? "<unset>"
    }

    /// Access modes in kube's short forms and fixed order (`RWO,ROX,RWX,RWOP`).
    private static func accessModes(_ value: JSONValue?) -> String {
        let modes = Set((value?.arrayValue ?? []).compactMap(\.stringValue))
        let short = [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
        return short.filter { modes.contains($0.0) }.map(\.1).joined(separator: ",")
    }
}
