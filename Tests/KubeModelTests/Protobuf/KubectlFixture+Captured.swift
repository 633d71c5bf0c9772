// Captured by scripts/capture-kubectl-fixtures.py: the create requests of kubectl.1.33
// (protobuf) and kubectl.1.31 (JSON) for the same commands. Do not edit; recapture.

extension KubectlFixture {
    static let captured: [KubectlFixture] = [
        KubectlFixture(
            name: "configmap",
            command: #"kubectl create configmap demo --from-literal=a=1 --from-literal=greeting=hello"#,
            protobufHex: "6b3873000a0f0a0276311209436f6e6669674d617012310a140a0464656d6f12001a0022002a0032003800420012060a016112013112110a086772656574696e67120568656c6c6f1a002200",
            json: ##"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"demo","creationTimestamp":null},"data":{"a":"1","greeting":"hello"}}"##
        ),
        KubectlFixture(
            name: "configmapBinary",
            command: #"kubectl create configmap blobs --from-file=blob.bin --from-literal=text=plain"#,
            protobufHex: "6b3873000a0f0a0276311209436f6e6669674d617012b6020a150a05626c6f627312001a0022002a00320038004200120d0a04746578741205706c61696e1a8d020a08626c6f622e62696e128002000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff1a002200",
            json: ##"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"blobs","creationTimestamp":null},"data":{"text":"plain"},"binaryData":{"blob.bin":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="}}"##
        ),
        KubectlFixture(
            name: "secret",
            command: #"kubectl create secret generic creds --from-literal=user=admin --from-file=key.bin=blob.bin"#,
            protobufHex: "6b3873000a0c0a027631120653656372657412b7020a150a05637265647312001a0022002a00320038004200128c020a076b65792e62696e128002000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff120d0a0475736572120561646d696e1a001a002200",
            json: ##"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"creds","creationTimestamp":null},"data":{"key.bin":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==","user":"YWRtaW4="}}"##
        ),
        KubectlFixture(
            name: "secretTLSType",
            command: #"kubectl create secret generic typed --type=example.com/custom --from-literal=empty="#,
            protobufHex: "6b3873000a0c0a027631120653656372657412360a150a05747970656412001a0022002a0032003800420012090a05656d70747912001a126578616d706c652e636f6d2f637573746f6d1a002200",
            json: ##"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"typed","creationTimestamp":null},"data":{"empty":""},"type":"example.com/custom"}"##
        ),
        KubectlFixture(
            name: "namespace",
            command: #"kubectl create namespace team-a"#,
            protobufHex: "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200",
            json: ##"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"team-a","creationTimestamp":null},"spec":{},"status":{}}"##
        ),
        KubectlFixture(
            name: "deployment",
            command: #"kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=8080"#,
            protobufHex: "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412be010a1f0a0377656212001a0022002a003200380042005a0a0a036170701203776562128c010803120c0a0a0a0361707012037765621a720a1c0a0012001a0022002a003200380042005a0a0a036170701203776562125212340a056e67696e78120a6e67696e783a312e32372a00320b0a00100018903f22002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
            json: ##"{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":8080}],"resources":{}}]}},"strategy":{}},"status":{}}"##
        ),
        KubectlFixture(
            name: "deploymentZeroReplicas",
            command: #"kubectl create deployment idle --image=busybox --replicas=0 -- sleep 3600"#,
            protobufHex: "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c1010a210a0469646c6512001a0022002a003200380042005a0b0a03617070120469646c65128d010800120d0a0b0a03617070120469646c651a720a1d0a0012001a0022002a003200380042005a0b0a03617070120469646c65125112330a0762757379626f78120762757379626f781a05736c6565701a04333630302a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200",
            json: ##"{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"idle","creationTimestamp":null,"labels":{"app":"idle"}},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"idle"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"idle"}},"spec":{"containers":[{"name":"busybox","image":"busybox","command":["sleep","3600"],"resources":{}}]}},"strategy":{}},"status":{}}"##
        ),
        KubectlFixture(
            name: "serviceClusterIP",
            command: #"kubectl create service clusterip web --tcp=80:8080 --tcp=443:https"#,
            protobufHex: "6b3873000a0d0a027631120753657276696365128d010a1f0a0377656212001a0022002a003200380042005a0a0a03617070120377656212660a1b0a0738302d38303830120354435018502207080010903f1a0028000a220a093434332d6874747073120354435018bb03220b080110001a0568747470732800120a0a0361707012037765621a002209436c757374657249503a00420052005a00600068001a020a001a002200",
            json: ##"{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},"spec":{"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080},{"name":"443-https","protocol":"TCP","port":443,"targetPort":"https"}],"selector":{"app":"web"},"type":"ClusterIP"},"status":{"loadBalancer":{}}}"##
        ),
        KubectlFixture(
            name: "serviceNodePort",
            command: #"kubectl create service nodeport edge --tcp=8443:8443 --node-port=30443"#,
            protobufHex: "6b3873000a0d0a02763112075365727669636512700a210a046564676512001a0022002a003200380042005a0b0a0361707012046564676512470a200a09383434332d38343433120354435018fb412207080010fb411a0028ebed01120b0a036170701204656467651a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200",
            json: ##"{"kind":"Service","apiVersion":"v1","metadata":{"name":"edge","creationTimestamp":null,"labels":{"app":"edge"}},"spec":{"ports":[{"name":"8443-8443","protocol":"TCP","port":8443,"targetPort":8443,"nodePort":30443}],"selector":{"app":"edge"},"type":"NodePort"},"status":{"loadBalancer":{}}}"##
        ),
        KubectlFixture(
            name: "job",
            command: #"kubectl create job once --image=busybox -- echo hi"#,
            protobufHex: "6b3873000a0f0a0862617463682f763112034a6f621288010a140a046f6e636512001a0022002a00320038004200126632640a100a0012001a0022002a003200380042001250122d0a046f6e6365120762757379626f781a046563686f1a0268692a0042006a007200800100880100900100a201001a054e65766572320042004a0052005800600068008201008a01009a0100c201001a082000280030003a001a002200",
            json: ##"{"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"once","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"once","image":"busybox","command":["echo","hi"],"resources":{}}],"restartPolicy":"Never"}}},"status":{}}"##
        ),
        KubectlFixture(
            name: "cronjob",
            command: #"kubectl create cronjob nightly --image=busybox --schedule='0 3 * * *' --restart=OnFailure -- date"#,
            protobufHex: "6b3873000a130a0862617463682f7631120743726f6e4a6f6212b2010a170a076e696768746c7912001a0022002a003200380042001294010a09302033202a202a202a1a002a84010a170a076e696768746c7912001a0022002a00320038004200126932670a100a0012001a0022002a003200380042001253122c0a076e696768746c79120762757379626f781a04646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a001a002200",
            json: ##"{"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"nightly","creationTimestamp":null},"spec":{"schedule":"0 3 * * *","jobTemplate":{"metadata":{"name":"nightly","creationTimestamp":null},"spec":{"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"nightly","image":"busybox","command":["date"],"resources":{}}],"restartPolicy":"OnFailure"}}}}},"status":{}}"##
        ),
        KubectlFixture(
            name: "serviceaccount",
            command: #"kubectl create serviceaccount robot"#,
            protobufHex: "6b3873000a140a027631120e536572766963654163636f756e7412170a150a05726f626f7412001a0022002a003200380042001a002200",
            json: ##"{"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"robot","creationTimestamp":null}}"##
        ),
        KubectlFixture(
            name: "role",
            command: #"kubectl create role reader --verb=get,list,watch --resource=pods,configmaps --resource-name=one"#,
            protobufHex: "6b3873000a240a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311204526f6c6512450a160a0672656164657212001a0022002a00320038004200122b0a036765740a046c6973740a05776174636812001a04706f64731a0a636f6e6669676d61707322036f6e651a002200",
            json: ##"{"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"reader","creationTimestamp":null},"rules":[{"verbs":["get","list","watch"],"apiGroups":[""],"resources":["pods","configmaps"],"resourceNames":["one"]}]}"##
        ),
        KubectlFixture(
            name: "rolebinding",
            command: #"kubectl create rolebinding read --role=reader --user=bob --serviceaccount=default:robot"#,
            protobufHex: "6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b526f6c6542696e64696e67128f010a140a047265616412001a0022002a0032003800420012280a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a03626f62220012220a0e536572766963654163636f756e7412001a05726f626f74220764656661756c741a290a19726261632e617574686f72697a6174696f6e2e6b38732e696f1204526f6c651a067265616465721a002200",
            json: ##"{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"read","creationTimestamp":null},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"},{"kind":"ServiceAccount","name":"robot","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"}}"##
        ),
        KubectlFixture(
            name: "clusterrole",
            command: #"kubectl create clusterrole nodes --verb=get --resource=nodes --non-resource-url=/healthz"#,
            protobufHex: "6b3873000a2b0a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f7631120b436c7573746572526f6c6512380a150a056e6f64657312001a0022002a00320038004200120e0a0367657412001a056e6f646573120f0a036765742a082f6865616c74687a1a002200",
            json: ##"{"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"nodes","creationTimestamp":null},"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["nodes"]},{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}"##
        ),
        KubectlFixture(
            name: "clusterrolebinding",
            command: #"kubectl create clusterrolebinding admins --clusterrole=cluster-admin --user=alice --group=ops --serviceaccount=default:robot"#,
            protobufHex: "6b3873000a320a1c726261632e617574686f72697a6174696f6e2e6b38732e696f2f76311212436c7573746572526f6c6542696e64696e6712cc010a160a0661646d696e7312001a0022002a00320038004200122a0a04557365721219726261632e617574686f72697a6174696f6e2e6b38732e696f1a05616c696365220012290a0547726f75701219726261632e617574686f72697a6174696f6e2e6b38732e696f1a036f7073220012220a0e536572766963654163636f756e7412001a05726f626f74220764656661756c741a370a19726261632e617574686f72697a6174696f6e2e6b38732e696f120b436c7573746572526f6c651a0d636c75737465722d61646d696e1a002200",
            json: ##"{"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"admins","creationTimestamp":null},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"ops"},{"kind":"ServiceAccount","name":"robot","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}}"##
        ),
        KubectlFixture(
            name: "priorityclass",
            command: #"kubectl create priorityclass high --value=1000 --description=important --preemption-policy=Never"#,
            protobufHex: "6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c617373122d0a140a046869676812001a0022002a0032003800420010e80718002209696d706f7274616e742a054e657665721a002200",
            json: ##"{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"high","creationTimestamp":null},"value":1000,"description":"important","preemptionPolicy":"Never"}"##
        ),
        KubectlFixture(
            name: "priorityclassDefault",
            command: #"kubectl create priorityclass base --value=0 --global-default=true"#,
            protobufHex: "6b3873000a250a147363686564756c696e672e6b38732e696f2f7631120d5072696f72697479436c61737312320a140a046261736512001a0022002a003200380042001000180122002a14507265656d70744c6f7765725072696f726974791a002200",
            json: ##"{"kind":"PriorityClass","apiVersion":"scheduling.k8s.io/v1","metadata":{"name":"base","creationTimestamp":null},"value":0,"globalDefault":true,"preemptionPolicy":"PreemptLowerPriority"}"##
        ),
        KubectlFixture(
            name: "poddisruptionbudgetPercent",
            command: #"kubectl create poddisruptionbudget web --selector=app=web --min-available=50%"#,
            protobufHex: "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123c0a130a0377656212001a0022002a0032003800420012190a09080110001a03353025120c0a0a0a0361707012037765621a0a080018002000280030001a002200",
            json: ##"{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"web","creationTimestamp":null},"spec":{"minAvailable":"50%","selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}"##
        ),
        KubectlFixture(
            name: "poddisruptionbudgetInteger",
            command: #"kubectl create poddisruptionbudget db --selector=app=db --max-unavailable=1"#,
            protobufHex: "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e42756467657412370a120a02646212001a0022002a003200380042001215120b0a090a03617070120264621a06080010011a001a0a080018002000280030001a002200",
            json: ##"{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"db","creationTimestamp":null},"spec":{"selector":{"matchLabels":{"app":"db"}},"maxUnavailable":1},"status":{"disruptionsAllowed":0,"currentHealthy":0,"desiredHealthy":0,"expectedPods":0}}"##
        ),
        KubectlFixture(
            name: "ingress",
            command: #"kubectl create ingress simple --class=nginx --rule=foo.com/bar*=svc1:8080,tls=my-cert --rule=/api=api:http --annotation=a=b --default-backend=fallback:80"#,
            protobufHex: "6b3873000a1f0a146e6574776f726b696e672e6b38732e696f2f76311207496e677265737312b0010a1e0a0673696d706c6512001a0022002a0032003800420062060a01611201621289010a1222100a0866616c6c6261636b12040a00105012120a07666f6f2e636f6d12076d792d636572741a2e0a07666f6f2e636f6d12230a210a1f0a042f626172120f220d0a047376633112050a0010903f1a065072656669781a280a0012240a220a200a042f6170691211220f0a0361706912080a046874747010001a05457861637422056e67696e781a020a001a002200",
            json: ##"{"kind":"Ingress","apiVersion":"networking.k8s.io/v1","metadata":{"name":"simple","creationTimestamp":null,"annotations":{"a":"b"}},"spec":{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"fallback","port":{"number":80}}},"tls":[{"hosts":["foo.com"],"secretName":"my-cert"}],"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Prefix","backend":{"service":{"name":"svc1","port":{"number":8080}}}}]}},{"http":{"paths":[{"path":"/api","pathType":"Exact","backend":{"service":{"name":"api","port":{"name":"http"}}}}]}}]},"status":{"loadBalancer":{}}}"##
        ),
        KubectlFixture(
            name: "quota",
            command: #"kubectl create quota compute --hard=cpu=1500m,memory=1Gi,pods=10,requests.storage=0 --scopes=NotTerminating"#,
            protobufHex: "6b3873000a130a027631120d5265736f7572636551756f746112750a170a07636f6d7075746512001a0022002a0032003800420012580a0e0a0363707512070a05313530306d0a0f0a066d656d6f727912050a033147690a0c0a04706f647312040a0231300a170a1072657175657374732e73746f7261676512030a0130120e4e6f745465726d696e6174696e671a001a002200",
            json: ##"{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"compute","creationTimestamp":null},"spec":{"hard":{"cpu":"1500m","memory":"1Gi","pods":"10","requests.storage":"0"},"scopes":["NotTerminating"]},"status":{}}"##
        ),
        KubectlFixture(
            name: "dockerRegistrySecret",
            command: #"kubectl create secret docker-registry reg --docker-server=r.io --docker-username=u --docker-password=p"#,
            protobufHex: "6b3873000a0c0a0276311206536563726574128c010a130a0372656712001a0022002a0032003800420012550a112e646f636b6572636f6e6669676a736f6e12407b226175746873223a7b22722e696f223a7b22757365726e616d65223a2275222c2270617373776f7264223a2270222c2261757468223a2264547077227d7d7d1a1e6b756265726e657465732e696f2f646f636b6572636f6e6669676a736f6e1a002200",
            json: ##"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"reg","creationTimestamp":null},"data":{".dockerconfigjson":"eyJhdXRocyI6eyJyLmlvIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ=="},"type":"kubernetes.io/dockerconfigjson"}"##
        ),
        KubectlFixture(
            name: "token",
            command: #"kubectl create token robot --duration=1h --audience=api --audience=vault"#,
            protobufHex: "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412290a100a0012001a0022002a00320038004200120f0a036170690a057661756c7420901c1a040a0012001a002200",
            json: ##"{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"audiences":["api","vault"],"expirationSeconds":3600,"boundObjectRef":null},"status":{"token":"","expirationTimestamp":null}}"##
        ),
        KubectlFixture(
            name: "canI",
            command: #"kubectl auth can-i get pods --subresource=log -n kube-system"#,
            protobufHex: "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712430a100a0012001a0022002a0032003800420012250a230a0b6b7562652d73797374656d12036765741a0022002a04706f647332036c6f673a001a08080012001a0020001a002200",
            json: ##"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"resourceAttributes":{"namespace":"kube-system","verb":"get","resource":"pods","subresource":"log"}},"status":{"allowed":false}}"##
        ),
        KubectlFixture(
            name: "canINonResource",
            command: #"kubectl auth can-i get /healthz"#,
            protobufHex: "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122f0a100a0012001a0022002a003200380042001211120f0a082f6865616c74687a12036765741a08080012001a0020001a002200",
            json: ##"{"kind":"SelfSubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"nonResourceAttributes":{"path":"/healthz","verb":"get"}},"status":{"allowed":false}}"##
        ),
        KubectlFixture(
            name: "canIList",
            command: #"kubectl auth can-i --list -n team-a"#,
            protobufHex: "6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c657352657669657712220a100a0012001a0022002a0032003800420012080a067465616d2d611a04180022001a002200",
            json: ##"{"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{"creationTimestamp":null},"spec":{"namespace":"team-a"},"status":{"resourceRules":null,"nonResourceRules":null,"incomplete":false}}"##
        ),
        KubectlFixture(
            name: "whoami",
            command: #"kubectl auth whoami"#,
            protobufHex: "6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a0022002a0032003800420012060a040a0012001a002200",
            json: ##"{"kind":"SelfSubjectReview","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},"status":{"userInfo":{}}}"##
        ),
    ]
}
