/// What a field holds: a scalar, a message (by its fully qualified proto name) or a map.
indirect enum KubeProtobufFieldType: Sendable {
    case scalar(KubeProtobufScalar)
    case message(String)
    /// A `map<key, value>`: on the wire, repeated entries with the key in field 1 and the value in 2.
    case map(key: KubeProtobufScalar, value: KubeProtobufFieldType)
}
