/// One of a CRD version's `additionalPrinterColumns`: a Table column whose cells a JSON path picks
/// out of each object.
public struct CustomResourceColumn: Sendable, Equatable {
    /// The column's heading.
    public var name: String
    /// `integer`, `number`, `string`, `boolean` or `date`.
    public var type: String
    /// An optional format hint (`name`, `date`, …).
    public var format: String
    /// Shown in `kubectl explain`-like help.
    public var description: String
    /// 0 for the columns `kubectl get` shows; higher only with `-o wide`.
    public var priority: Int64
    /// The simple JSON path of the value (`.spec.replicas`, `.status.conditions[?(@.type=="Ready")].status`).
    public var jsonPath: String

    /// Reads one `additionalPrinterColumns` entry.
    public init(_ entry: JSONValue) {
        self.name = entry["name"]?.stringValue ?? ""
        self.type = entry["type"]?.stringValue ?? "string"
        self.format = entry["format"]?.stringValue ?? ""
        self.description = entry["description"]?.stringValue ?? ""
        self.priority = entry["priority"]?.integerValue ?? 0
        self.jsonPath = entry["jsonPath"]?.stringValue ?? ""
    }

    /// The cell of `object`: the value at the path, or `null` when there is none.
    public func cell(_ object: JSONValue) -> JSONValue {
        SimpleJSONPath(self.jsonPath).firstValue(in: object) ?? .null
    }
}
