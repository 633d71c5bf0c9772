import Foundation
import StoreCore

extension AuthState {
    /// Writes the state in brain's log and snapshot encoding.
    func encode(into writer: inout BinaryWriter) {
        writer.write(isEnabled)
        writer.write(revision)
        writer.write(UInt32(users.count))
        for user in users.values.sorted(by: { $0.name < $1.name }) {
            writer.write(Data(user.name.utf8))
            writer.write(Data(user.passwordHash))
            writer.write(user.noPassword)
            writer.write(UInt32(user.roles.count))
            for role in user.roles { writer.write(Data(role.utf8)) }
        }
        writer.write(UInt32(roles.count))
        for role in roles.values.sorted(by: { $0.name < $1.name }) {
            writer.write(Data(role.name.utf8))
            writer.write(UInt32(role.permissions.count))
            for permission in role.permissions {
                writer.write(UInt8(permission.kind.rawValue))
                writer.write(permission.range.start)
                writer.write(permission.range.end)
            }
        }
    }

    /// Reads a state written by ``encode(into:)``.
    init(from reader: inout BinaryReader) throws(BinaryReader.Malformed) {
        let enabled = try reader.readBool()
        let revision = try reader.readUInt64()
        var users: [AuthUser] = []
        for _ in 0..<(try reader.readUInt32()) {
            let name = String(decoding: try reader.readData(), as: UTF8.self)
            let hash = [UInt8](try reader.readData())
            let noPassword = try reader.readBool()
            var roles: [String] = []
            for _ in 0..<(try reader.readUInt32()) { roles.append(String(decoding: try reader.readData(), as: UTF8.self)) }
            users.append(AuthUser(name: name, passwordHash: hash, roles: roles, noPassword: noPassword))
        }
        var roles: [AuthRole] = []
        for _ in 0..<(try reader.readUInt32()) {
            let name = String(decoding: try reader.readData(), as: UTF8.self)
            var permissions: [Permission] = []
            for _ in 0..<(try reader.readUInt32()) {
                guard let kind = Permission.Kind(rawValue: Int(try reader.readByte())) else { throw BinaryReader.Malformed() }
                let range = KeyRange(key: try reader.readData(), rangeEnd: try reader.readData())
                permissions.append(Permission(kind: kind, range: range))
            }
            roles.append(AuthRole(name: name, permissions: permissions))
        }
        self.init(isEnabled: enabled, revision: revision, users: users, roles: roles)
    }
}
