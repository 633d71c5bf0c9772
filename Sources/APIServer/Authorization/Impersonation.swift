import Foundation
import KubeModel
import NIOHTTP1

/// kube-apiserver's impersonation: the `Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid`
/// and `Impersonate-Extra-<key>` headers make a request act as another user, once the requester
/// is allowed the `impersonate` verb on each thing asked for (`users`, `serviceaccounts` for a
/// `system:serviceaccount:<ns>:<name>` user, `groups`, `uids` and `userextras/<key>` in
/// `authentication.k8s.io`).
enum Impersonation {
    /// One thing the headers ask to act as.
    enum Target: Sendable, Hashable {
        case user(String)
        case serviceAccount(namespace: String, name: String)
        case group(String)
        case extra(key: String, value: String)
        case uid(String)

        /// The `impersonate` request the requester must be allowed.
        func attributes(requester: UserInfo) -> AuthorizationAttributes {
            switch self {
            case .user(let name):
                .resource(user: requester, verb: "impersonate", group: "", resource: "users", name: name)
            case .serviceAccount(let namespace, let name):
                .resource(user: requester, verb: "impersonate", group: "", resource: "serviceaccounts", namespace: namespace, name: name)
            case .group(let name):
                .resource(user: requester, verb: "impersonate", group: "", resource: "groups", name: name)
            case .extra(let key, let value):
                .resource(
                    user: requester, verb: "impersonate", group: "authentication.k8s.io", version: "v1", resource: "userextras",
                    subresource: key, name: value
                )
            case .uid(let uid):
                .resource(user: requester, verb: "impersonate", group: "authentication.k8s.io", version: "v1", resource: "uids", name: uid)
            }
        }
    }

    private static let extraPrefix = "impersonate-extra-"

    /// What the headers ask to act as, in kube-apiserver's order (user, groups, extras, UID).
    ///
    /// - Throws: ``StatusError`` `500`, as kube-apiserver answers, for groups, extras or a UID
    ///   without a user.
    static func targets(_ headers: HTTPHeaders) throws(StatusError) -> [Target] {
        var targets: [Target] = []
        let user = headers.first(name: "Impersonate-User") ?? ""
        if !user.isEmpty {
            if let account = ServiceAccountName.split(user) {
                targets.append(.serviceAccount(namespace: account.namespace, name: account.name))
            } else {
                targets.append(.user(user))
            }
        }
        targets += headers["Impersonate-Group"].map(Target.group)
        for (name, value) in headers where name.lowercased().hasPrefix(Self.extraPrefix) {
            let encoded = String(name.lowercased().dropFirst(Self.extraPrefix.count))
            targets.append(.extra(key: encoded.removingPercentEncoding ?? encoded, value: value))
        }
        if let uid = headers.first(name: "Impersonate-Uid"), !uid.isEmpty { targets.append(.uid(uid)) }
        if user.isEmpty && !targets.isEmpty {
            throw .internalError("requested impersonation of groups, extras or a UID without impersonating a user")
        }
        return targets
    }

    /// The user a request acts as: the requester without impersonation headers, or the user they
    /// describe when the requester may impersonate each part.
    ///
    /// - Throws: ``StatusError`` `403` naming the first part the requester may not impersonate.
    static func user(for requester: UserInfo, headers: HTTPHeaders, authorizer: any Authorizer) async throws(StatusError) -> UserInfo {
        let targets = try Self.targets(headers)
        guard !targets.isEmpty else { return requester }
        let groupsGiven = targets.contains { if case .group = $0 { true } else { false } }
        var name = ""
        var uid = ""
        var groups: [String] = []
        var extra: [String: [String]] = [:]
        for target in targets {
            let attributes = target.attributes(requester: requester)
            let decision = await authorizer.authorize(attributes)
            guard decision.isAllowed else { throw attributes.forbidden(reason: decision.reason) }
            switch target {
            case .user(let user): name = user
            case .serviceAccount(let namespace, let account):
                name = ServiceAccountName.username(namespace: namespace, name: account)
                if !groupsGiven { groups = ServiceAccountName.groups(namespace: namespace) }
            case .group(let group): groups.append(group)
            case .extra(let key, let value): extra[key, default: []].append(value)
            case .uid(let value): uid = value
            }
        }
        var user = UserInfo(name: name, uid: uid, groups: [], extra: extra)
        user.groups = groups
        if name == UserInfo.anonymous.name {
            if !groups.contains(UserInfo.unauthenticatedGroup) { user.groups.append(UserInfo.unauthenticatedGroup) }
        } else if !groups.contains(UserInfo.authenticatedGroup) && !groups.contains(UserInfo.unauthenticatedGroup) {
            user.groups.append(UserInfo.authenticatedGroup)
        }
        return user
    }
}
