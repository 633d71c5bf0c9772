import KubeModel

/// The `DeleteOptions` body of a delete: preconditions and the propagation policy.
struct DeleteOptions {
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var propagationPolicy: String?

    /// Parses an optional body (empty means defaults).
    init(body: [UInt8]) throws(StatusError) {
        guard !body.isEmpty else { return }
        let options: JSONValue
        do {
            options = try JSONParser.parse(body)
        } catch {
            throw .badRequest("couldn't decode DeleteOptions: \(error)")
        }
        self.preconditionUID = options["preconditions"]?["uid"]?.stringValue
        self.preconditionResourceVersion = options["preconditions"]?["resourceVersion"]?.stringValue
        self.propagationPolicy = options["propagationPolicy"]?.stringValue
        if let policy = self.propagationPolicy, !["Orphan", "Background", "Foreground"].contains(policy) {
            throw .badRequest("propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Orphan\", \"Background\", \"Foreground\"")
        }
    }

    /// Refuses the delete when a precondition does not hold.
    func check(_ object: JSONValue, _ definition: ResourceDefinition) throws(StatusError) {
        let uid = object.metadataString("uid")
        if let expected = self.preconditionUID, expected != uid {
            throw .conflict(
                definition.resource, name: object.name,
                detail: "Precondition failed: UID in precondition: \(expected), UID in object meta: \(uid)"
            )
        }
        if let expected = self.preconditionResourceVersion, expected != object.resourceVersion {
            throw .conflict(
                definition.resource, name: object.name,
                detail: "Precondition failed: ResourceVersion in precondition: \(expected), ResourceVersion in object meta: \(object.resourceVersion)"
            )
        }
    }
}
