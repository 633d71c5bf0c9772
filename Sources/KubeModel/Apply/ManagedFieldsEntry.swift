/// One entry of `metadata.managedFields`: which fields one manager set, with which operation
/// (`Apply` or `Update`), in which API version and subresource, and when.
public struct ManagedFieldsEntry: Sendable, Equatable {
    public var manager: String
    /// `Apply` or `Update`.
    public var operation: String
    public var apiVersion: String
    /// RFC 3339 time of the last write that changed the entry.
    public var time: String
    /// `status` for writes through the status subresource, else empty.
    public var subresource: String
    public var fields: FieldSet

    /// Creates an entry.
    public init(manager: String, operation: String, apiVersion: String, time: String, subresource: String, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// Reads an entry; `nil` when it names no manager or no `FieldsV1` set.
    init?(_ json: JSONValue) {
        guard let manager = json["manager"]?.stringValue, json["fieldsType"]?.stringValue ?? "FieldsV1" == "FieldsV1" else {
            return nil
        }
        self.manager = manager
        self.operation = json["operation"]?.stringValue ?? "Update"
        self.apiVersion = json["apiVersion"]?.stringValue ?? ""
        self.time = json["time"]?.stringValue ?? ""
        self.subresource = json["subresource"]?.stringValue ?? ""
        self.fields = FieldSet(fieldsV1: json["fieldsV1"] ?? .object(JSONObject()))
    }

    /// The entry as JSON, with members in kube-apiserver's order.
    var json: JSONValue {
        var object: JSONObject = [
            "manager": .string(self.manager), "operation": .string(self.operation), "apiVersion": .string(self.apiVersion),
        ]
        if !self.time.isEmpty { object["time"] = .string(self.time) }
        object["fieldsType"] = "FieldsV1"
        object["fieldsV1"] = self.fields.fieldsV1
        if !self.subresource.isEmpty { object["subresource"] = .string(self.subresource) }
        return .object(object)
    }

    /// Whether this entry is the one a write by `manager` with `operation` records into.
    func records(manager: String, operation: String, apiVersion: String, subresource: String) -> Bool {
        self.manager == manager && self.operation == operation && self.subresource == subresource
            && (operation == "Apply" || self.apiVersion == apiVersion)
    }

    /// The manager as kube-apiserver names it in conflicts: `"kubectl"` for an applier,
    /// `"kubectl-edit" using apps/v1` for an updater.
    var described: String {
        var text = "\"\(self.manager)\""
        if !self.subresource.isEmpty { text += " with subresource \"\(self.subresource)\"" }
        if self.operation == "Update" { text += " using \(self.apiVersion)" }
        return text
    }
}
