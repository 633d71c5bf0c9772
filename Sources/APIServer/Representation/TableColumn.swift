import KubeModel

/// One column of a server-side `Table`: its definition and how a cell is computed from an object.
struct TableColumn: Sendable {
    let name: String
    let type: String
    let format: String
    let description: String
    /// 0 for default columns, 1 for `-o wide` only.
    let priority: Int
    let cell: @Sendable (JSONValue, _ now: Double) -> JSONValue

    init(
        _ name: String, type: String = "string", format: String = "", priority: Int = 0, description: String = "",
        cell: @escaping @Sendable (JSONValue, Double) -> JSONValue
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.priority = priority
        self.description = description
        self.cell = cell
    }

    var definition: JSONValue {
        [
            "name": .string(self.name), "type": .string(self.type), "format": .string(self.format),
            "description": .string(self.description), "priority": .integer(Int64(self.priority)),
        ]
    }
}
