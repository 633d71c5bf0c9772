// Captured by scripts/capture-kubectl-fixtures.py. Do not edit; recapture.

extension KubectlFixture {
    /// Create requests: the protobuf body of kubectl.1.33 and the JSON body of kubectl.1.31.
    static let requests: [KubectlFixture] = [
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

    /// Responses: an object encoded as protobuf and the JSON kubectl.1.33 prints for it (`-o json`).
    static let responses: [KubectlFixture] = [
        KubectlFixture(
            name: "configmapResponse",
            command: #"kubectl create configmap demo --from-literal=a=1 -o json --show-managed-fields"#,
            protobufHex: "6b3873000a0f0a0276311209436f6e6669674d617012e7010abb010a0464656d6f120364652d1a0764656661756c742a03752d313201373803420b08b0c19ed80610959aef3a4a040800100050005a060a01611201315a060a016212013262090a046e6f74651201786a132a0276310a03506f641a0170220175300138007205662f6f6e658a014e0a076b75626563746c12065570646174651a027631220d08ffffffffffffffffff01100032084669656c647356313a1e0a1c7b22663a64617461223a7b222e223a7b7d2c22663a61223a7b7d7d7d2000120d0a001209656d707479206b657912060a01611201311a050a017812001a070a01791202ff00",
            json: ##"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"demo","generateName":"de-","namespace":"default","uid":"u-1","resourceVersion":"7","generation":3,"creationTimestamp":"2026-11-26T03:00:00Z","deletionTimestamp":"1970-01-01T00:00:00Z","deletionGracePeriodSeconds":0,"labels":{"a":"1","b":"2"},"annotations":{"note":"x"},"ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u","controller":true,"blockOwnerDeletion":false}],"finalizers":["f/one"],"managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"1969-12-31T23:59:59Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}}}]},"immutable":false,"data":{"":"empty key","a":"1"},"binaryData":{"x":"","y":"/wA="}}"##
        ),
        KubectlFixture(
            name: "deploymentResponse",
            command: #"kubectl create deployment web --image=nginx -o json"#,
            protobufHex: "6b3873000a150a07617070732f7631120a4465706c6f796d656e74128f050a130a0377656238015a0a0a03617070120377656212a9040800121e0a0a0a03617070120377656212100a04746965721202496e1a01611a01621adb030a0c5a0a0a03617070120377656212ca030a210a03636667121a9a01170a040a02636d120a0a01611205612e74787418a40320000a0d0a0773637261746368120212000a180a03746d701211120f0a064d656d6f727912050a03314769a201150a04696e6974120762757379626f781a047472756512ec010a056e67696e7812056e67696e78320d0a0468747470185022035443503a060a01411201313a120a01421a0d1a0b0a040a02636d12016218003a160a01431a110a0f120d6d657461646174612e6e616d6542310a0d0a0363707512060a043530306d0a110a066d656d6f727912070a053132384d69120d0a0363707512060a043235306d52220a1c121a0a082f6865616c74687a120808011a0468747470220448545450100320005a0c0a081a060a04080010503003b201130a0f0a0d0a036361740a062f72656164793800720c49664e6f7450726573656e747a0d0a051203414c4c1000200028018001001a06416c77617973201e320c436c757374657246697273743a0b0a046469736b1203737364a80100580092012e1a2c122a080112260a0c0a0a0a0361707012037765621a166b756265726e657465732e696f2f686f73746e616d65b201190a016b1206457869737473220a4e6f5363686564756c65280022200a0d526f6c6c696e67557064617465120f0a0408001000120708011a03323525300a380048d8041a4c080132460a09417661696c61626c65120454727565320b08b0c19ed80610959aef3a3a0808b0c19ed806100022184d696e696d756d5265706c69636173417661696c61626c652a026f6b4000",
            json: ##"{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","generation":1,"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"volumes":[{"name":"cfg","configMap":{"name":"cm","items":[{"key":"a","path":"a.txt"}],"defaultMode":420,"optional":false}},{"name":"scratch","emptyDir":{}},{"name":"tmp","emptyDir":{"medium":"Memory","sizeLimit":"1Gi"}}],"initContainers":[{"name":"init","image":"busybox","command":["true"],"resources":{}}],"containers":[{"name":"nginx","image":"nginx","ports":[{"name":"http","containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"configMapKeyRef":{"name":"cm","key":"b","optional":false}}},{"name":"C","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m"}},"livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":3},"readinessProbe":{"tcpSocket":{"port":80},"failureThreshold":3},"startupProbe":{"exec":{"command":["cat","/ready"]},"terminationGracePeriodSeconds":0},"imagePullPolicy":"IfNotPresent","securityContext":{"capabilities":{"drop":["ALL"]},"privileged":false,"runAsUser":0,"runAsNonRoot":true}}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","nodeSelector":{"disk":"ssd"},"automountServiceAccountToken":false,"affinity":{"podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}},"tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule","tolerationSeconds":0}]}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":{"observedGeneration":1,"conditions":[{"type":"Available","status":"True","lastUpdateTime":"2026-11-26T03:00:00Z","lastTransitionTime":"2026-11-26T03:00:00Z","reason":"MinimumReplicasAvailable","message":"ok"}],"collisionCount":0}}"##
        ),
        KubectlFixture(
            name: "serviceResponse",
            command: #"kubectl create service clusterip web --tcp=80:8080 -o json"#,
            protobufHex: "6b3873000a0d0a02763112075365727669636512ca010a050a03776562128e010a170a046874747012035443501850220808011a04687474700a140a076d6574726963733200188247220408001000120a0a0361707012037765621a0831302e302e302e3192010831302e302e302e312209436c757374657249503a08436c69656e74495072050a0308b0549a0104495076348a010b53696e676c65537461636ba00100b20107436c75737465721a300a160a140a07312e322e332e342209085012035443501a0012160a0552656164791204547275652204080010002a0152",
            json: ##"{"kind":"Service","apiVersion":"v1","metadata":{"name":"web","creationTimestamp":null},"spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http"},{"name":"metrics","appProtocol":"","port":9090,"targetPort":0}],"selector":{"app":"web"},"clusterIP":"10.0.0.1","clusterIPs":["10.0.0.1"],"type":"ClusterIP","sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":10800}},"ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","allocateLoadBalancerNodePorts":false,"internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4","ports":[{"port":80,"protocol":"TCP","error":""}]}]},"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"1970-01-01T00:00:00Z","reason":"R","message":""}]}}"##
        ),
        KubectlFixture(
            name: "quotaResponse",
            command: #"kubectl create quota q --hard=pods=1 -o json"#,
            protobufHex: "6b3873000a130a027631120d5265736f7572636551756f746112640a030a017112400a0c0a04706f647312040a0231300a130a0c72657175657374732e63707512030a01311a1b0a190a0d5072696f72697479436c6173731202496e1a04686967681a1b0a0c0a04706f647312040a023130120b0a04706f647312030a0130",
            json: ##"{"kind":"ResourceQuota","apiVersion":"v1","metadata":{"name":"q","creationTimestamp":null},"spec":{"hard":{"pods":"10","requests.cpu":"1"},"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}},"status":{"hard":{"pods":"10"},"used":{"pods":"0"}}}"##
        ),
        KubectlFixture(
            name: "poddisruptionbudgetResponse",
            command: #"kubectl create poddisruptionbudget web --selector=app=web --min-available=1 -o json"#,
            protobufHex: "6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e42756467657412450a050a0377656212150a04080010001200220b416c77617973416c6c6f771a25080212060a026130120012110a027031120b08b0c19ed80610959aef3a1801200328023003",
            json: ##"{"kind":"PodDisruptionBudget","apiVersion":"policy/v1","metadata":{"name":"web","creationTimestamp":null},"spec":{"minAvailable":0,"selector":{},"unhealthyPodEvictionPolicy":"AlwaysAllow"},"status":{"observedGeneration":2,"disruptedPods":{"a0":null,"p1":"2026-11-26T03:00:00Z"},"disruptionsAllowed":1,"currentHealthy":3,"desiredHealthy":2,"expectedPods":3}}"##
        ),
        KubectlFixture(
            name: "cronjobResponse",
            command: #"kubectl create cronjob nightly --image=busybox --schedule='0 3 * * *' -o json"#,
            protobufHex: "6b3873000a130a0862617463682f7631120743726f6e4a6f6212d0010a090a076e696768746c791287010a09302033202a202a202a42074574632f55544310001a06466f7262696420002a630a085a060a01611201621257080118645a240a220a0649676e6f72651a180a1044697372757074696f6e5461726765741204547275653806321b1219120c0a0163120762757379626f781a094f6e4661696c75726540004a0a4e6f6e496e646578656430031a390a190a034a6f62120764656661756c741a096e696768746c792d31220d088092b8c398feffffff0110002a0d08ff91b8c398feffffff011000",
            json: ##"{"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"nightly","creationTimestamp":null},"spec":{"schedule":"0 3 * * *","timeZone":"Etc/UTC","startingDeadlineSeconds":0,"concurrencyPolicy":"Forbid","suspend":false,"jobTemplate":{"metadata":{"creationTimestamp":null,"labels":{"a":"b"}},"spec":{"parallelism":1,"activeDeadlineSeconds":100,"podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]}]},"backoffLimit":6,"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c","image":"busybox","resources":{}}],"restartPolicy":"OnFailure"}},"ttlSecondsAfterFinished":0,"completionMode":"NonIndexed"}},"successfulJobsHistoryLimit":3},"status":{"active":[{"kind":"Job","namespace":"default","name":"nightly-1"}],"lastScheduleTime":null,"lastSuccessfulTime":"0000-12-31T23:59:59Z"}}"##
        ),
        KubectlFixture(
            name: "tokenResponse",
            command: #"kubectl create token robot -o json"#,
            protobufHex: "6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412220a070a05726f626f7412050a016120001a100a03746f6b1209088083d1ffaf071000",
            json: ##"{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{"name":"robot","creationTimestamp":null},"spec":{"audiences":["a"],"expirationSeconds":0,"boundObjectRef":null},"status":{"token":"tok","expirationTimestamp":"10000-01-01T00:00:00Z"}}"##
        ),
    ]
}
