import Foundation
import Testing
import WharfTestSupport

/// A CRD whose versions convert through a conversion webhook (`webhook/conversion_webhook.py`, HTTPS
/// with a certificate of the server's CA): widgets keep their size as the string `spec.size` in v1
/// and as the integer `spec.replicas` in v2.
enum ConversionWebhookFixtures {
    static func definition(url: String, caBundle: String, storage: String = "v1") -> String {
        """
        {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
         "metadata": {"name": "widgets.convert.example.com"},
         "spec": {"group": "convert.example.com", "scope": "Namespaced",
          "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
          "versions": [
           {"name": "v1", "served": true, "storage": \(storage == "v1"),
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object",
             "properties": {"size": {"type": "string"}}}}}}},
           {"name": "v2", "served": true, "storage": \(storage == "v2"),
            "additionalPrinterColumns": [{"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"}],
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object",
             "properties": {"replicas": {"type": "integer"}}}}}}}],
          "conversion": {"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"],
           "clientConfig": {"url": "\(url)", "caBundle": "\(caBundle)"}}}}}
        """
    }

    static func widget(_ name: String, size: String) -> String {
        #"{"apiVersion": "convert.example.com/v1", "kind": "Widget", "metadata": {"name": "\#(name)"}, "spec": {"size": "\#(size)"}}"#
    }
}

extension APIServerTests {
    /// Webhook conversion with kubectl 1.33 on `wharf apiserver` over etcd 3.4 and brain: objects
    /// written in v1 read, listed (one review per page), watched and updated through v2; objects
    /// stored in a version that is no longer the storage version converted on read; a webhook that
    /// answers too few objects, and one that is down, answered with kube-apiserver's 500 (and an
    /// `ERROR` event to a watch).
    @Test(arguments: Backend.allCases) func conversionWebhook(backend: Backend) async throws {
        try await withAPIServer(backend, tls: true) { server, etcdctl in
            let directory = try TemporaryDirectory(prefix: "wharf-conversion")
            defer { directory.remove() }
            let pki = server.kubeconfig.deletingLastPathComponent()
            try await TestWebhookServer.with(TestWebhookServer.conversion, pki: pki, in: directory.url) { webhook in
                try await Self.exerciseConversion(server, etcdctl, webhook)
            }
        }
    }

    private static func exerciseConversion(_ server: APIServerProcess, _ etcdctl: Etcdctl, _ webhook: TestWebhookServer) async throws {
        let kubectl = Kubectl(minor: 33, kubeconfig: server.kubeconfig)
        let caBundle = try Data(contentsOf: server.caFile).base64EncodedString()
        let url = "\(webhook.baseURL)/convert"
        let v2 = "widgets.v2.convert.example.com"
        let v1 = "widgets.v1.convert.example.com"
        func reviews() throws -> [[String: Any]] { try webhook.requests() }
        func json(_ arguments: String...) async throws -> [String: Any] {
            let result = try await kubectl.run(Array(arguments) + ["-o", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            return try #require(object as? [String: Any], "\(result.stderr)")
        }

        let created = try await kubectl.run(["create", "-f", "-"], input: ConversionWebhookFixtures.definition(url: url, caBundle: caBundle))
        #expect(created.status == 0, "\(created.stderr)")
        let established = try await kubectl.run("wait", "--for=condition=Established", "crd/widgets.convert.example.com", "--timeout=5s")
        #expect(established.status == 0, "\(established.stderr)")
        try await Task.sleep(for: .milliseconds(300))
        for (name, size) in [("a", "3"), ("b", "5")] {
            let made = try await kubectl.run(["create", "-f", "-"], input: ConversionWebhookFixtures.widget(name, size: size))
            #expect(made.status == 0, "\(made.stderr)")
        }
        #expect(try reviews().isEmpty, "objects written and stored in v1 need no conversion")

        // One object read through v2: converted, its metadata kept but for the webhook's label.
        let a = try await json("get", v2, "a")
        #expect(a["apiVersion"] as? String == "convert.example.com/v2")
        #expect((a["spec"] as? [String: Any])?["replicas"] as? Int == 3 && (a["spec"] as? [String: Any])?["size"] == nil)
        let metadata = a["metadata"] as? [String: Any]
        #expect((metadata?["labels"] as? [String: Any])?["converted-by"] as? String == "webhook")
        #expect((metadata?["resourceVersion"] as? String).map { !$0.isEmpty } == true)
        let first = try #require(try reviews().first)
        #expect(first["desiredAPIVersion"] as? String == "convert.example.com/v2")
        #expect(first["reviewAPIVersion"] as? String == "apiextensions.k8s.io/v1" && first["path"] as? String == "/convert?timeout=30s")

        // A list through v2: the whole page in one review.
        var before = try reviews().count
        let list = try await json("get", v2)
        let items = try #require(list["items"] as? [[String: Any]])
        #expect(items.compactMap { ($0["spec"] as? [String: Any])?["replicas"] as? Int } == [3, 5])
        let listReviews = try reviews().dropFirst(before)
        #expect(listReviews.count == 1, "\(listReviews)")
        #expect((listReviews.first?["objects"] as? [Any])?.count == 2)
        // kubectl's table prints the v2 column from converted objects.
        let table = try await kubectl.run("get", v2)
        #expect(table.stdout.contains("REPLICAS") && table.stdout.contains("a      3") && table.stdout.contains("b      5"), "\(table.stdout)")

        // An update through v2 is stored in v1 and reads back through v1.
        let patched = try await kubectl.run("patch", v2, "a", "--type=merge", "-p", #"{"spec":{"replicas":7}}"#)
        #expect(patched.status == 0, "\(patched.stderr)")
        let back = try await json("get", v1, "a")
        #expect((back["spec"] as? [String: Any])?["size"] as? String == "7" && (back["spec"] as? [String: Any])?["replicas"] == nil)
        let stored = try etcdctl.run("get", "/registry/convert.example.com/widgets/default/a", "--print-value-only").stdout
        #expect(stored.contains(#""apiVersion":"convert.example.com/v1""#) && stored.contains(#""size":"7""#), "\(stored)")

        // A watch through v2 sees a change written through v1, converted.
        let collection = try await server.curl(["\(server.url)/apis/convert.example.com/v1/namespaces/default/widgets"])
        let listed = try JSONSerialization.jsonObject(with: Data(collection.stdout.utf8)) as? [String: Any]
        let revision = try #require((listed?["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        before = try reviews().count
        async let watched = server.curl([
            "\(server.url)/apis/convert.example.com/v2/namespaces/default/widgets?watch=1&resourceVersion=\(revision)&timeoutSeconds=3",
        ])
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await kubectl.run("patch", v1, "b", "--type=merge", "-p", #"{"spec":{"size":"9"}}"#).status == 0)
        let lines = try await watched.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let event = try #require(lines.first, "no watch event")
        let object = event["object"] as? [String: Any]
        #expect(event["type"] as? String == "MODIFIED" && object?["apiVersion"] as? String == "convert.example.com/v2")
        #expect((object?["spec"] as? [String: Any])?["replicas"] as? Int == 9)
        #expect(try reviews().dropFirst(before).contains { $0["desiredAPIVersion"] as? String == "convert.example.com/v2" })

        // v2 becomes the storage version: new objects are stored in v2, older ones stay in v1 and
        // convert on every read through v2.
        let switched = try await kubectl.run(
            ["apply", "--server-side", "--force-conflicts", "-f", "-"],
            input: ConversionWebhookFixtures.definition(url: url, caBundle: caBundle, storage: "v2")
        )
        #expect(switched.status == 0, "\(switched.stderr)")
        var storedC = ""
        for _ in 0..<50 where !storedC.contains("convert.example.com/v2") {
            _ = try await kubectl.run("delete", v1, "c", "--ignore-not-found")
            _ = try await kubectl.run(["create", "-f", "-"], input: ConversionWebhookFixtures.widget("c", size: "4"))
            storedC = try etcdctl.run("get", "/registry/convert.example.com/widgets/default/c", "--print-value-only").stdout
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(storedC.contains(#""apiVersion":"convert.example.com/v2""#) && storedC.contains(#""replicas":4"#), "\(storedC)")
        let oldA = try await json("get", v2, "a")
        #expect((oldA["spec"] as? [String: Any])?["replicas"] as? Int == 7)
        let c = try await json("get", v1, "c")
        #expect((c["spec"] as? [String: Any])?["size"] as? String == "4")

        // A webhook that answers no objects.
        let broken = try await kubectl.run(
            ["apply", "--server-side", "--force-conflicts", "-f", "-"],
            input: ConversionWebhookFixtures.definition(url: "\(webhook.baseURL)/drop", caBundle: caBundle, storage: "v2")
        )
        #expect(broken.status == 0, "\(broken.stderr)")
        var dropped = ""
        for _ in 0..<50 where !dropped.contains("returned") {
            dropped = try await kubectl.run("get", v2, "a").stderr
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(dropped.contains("conversion webhook for convert.example.com/v1, Kind=Widget returned 0 objects, expected 1"), "\(dropped)")

        // The webhook down: kube-apiserver's 500, for one object and for a list.
        await webhook.process.stop()
        let down = try await server.curl(["\(server.url)/apis/convert.example.com/v2/namespaces/default/widgets/a"])
        let status = try JSONSerialization.jsonObject(with: Data(down.stdout.utf8)) as? [String: Any]
        #expect(status?["code"] as? Int == 500 && status?["kind"] as? String == "Status", "\(down.stdout)")
        let message = status?["message"] as? String ?? ""
        #expect(message.hasPrefix(#"conversion webhook for convert.example.com/v1, Kind=Widget failed: Post "\#(webhook.baseURL)/drop?timeout=30s": dial tcp 127.0.0.1:\#(webhook.port): connect: connection refused"#), "\(message)")
        let listDown = try await kubectl.run("get", v2)
        #expect(listDown.stderr.contains("Error from server: conversion webhook for convert.example.com/"), "\(listDown.stderr)")
        // Objects already in the requested version need no webhook.
        let plain = try await json("get", v1, "a")
        #expect((plain["spec"] as? [String: Any])?["size"] as? String == "7")

        // A watch through v1 meets a change it cannot convert: an ERROR event with the 500.
        let current = try await json("get", v2, "c")
        let cRevision = try #require((current["metadata"] as? [String: Any])?["resourceVersion"] as? String)
        async let watchedDown = server.curl([
            "\(server.url)/apis/convert.example.com/v1/namespaces/default/widgets?watch=1&resourceVersion=\(cRevision)&timeoutSeconds=3",
        ])
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await kubectl.run("patch", v2, "c", "--type=merge", "-p", #"{"spec":{"replicas":6}}"#).status == 0)
        let downLines = try await watchedDown.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let errorEvent = try #require(downLines.first, "no watch event")
        let errorStatus = errorEvent["object"] as? [String: Any]
        #expect(errorEvent["type"] as? String == "ERROR" && errorStatus?["code"] as? Int == 500 && downLines.count == 1)
        let errorMessage = errorStatus?["message"] as? String ?? ""
        #expect(errorMessage.hasPrefix("conversion webhook for convert.example.com/v2, Kind=Widget failed: "), "\(errorMessage)")
    }
}
