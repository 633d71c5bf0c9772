#!/usr/bin/env python3
"""Writes Sources/KubeModel/Protobuf/KubeProtobufSchema+Text.swift, the field table that lets
KubeProtobuf decode the protobuf bodies kubectl 1.32+ sends, from a kubectl binary.

Usage:
    scripts/generate-kube-protobuf.py [KUBECTL]          regenerate the committed file
    scripts/generate-kube-protobuf.py --check [KUBECTL]  fail (exit 1) if the committed file is stale
    scripts/generate-kube-protobuf.py --descriptor-set OUT [KUBECTL]
                                                       write the binary's descriptors as a
                                                       FileDescriptorSet for `protoc --descriptor_set_in`
                                                       (tests use it to decode Wharf's protobuf with protoc)
KUBECTL defaults to /usr/lib/google-cloud-sdk/bin/kubectl.1.33. CI does not run --check: it would
make CI depend on a kubectl binary; run it by hand after changing this script or the kubectl.

Two facts come from the binary, both published by Kubernetes, read with the standard library only:
- the wire schema: gogo-protobuf registers every k8s.io generated.proto as a gzipped
  FileDescriptorProto; each message's fields give number, proto type, label and map entries;
- the JSON shape: Go's runtime type information keeps every API struct's fields with their tags
  (`json:"replicas,omitempty" protobuf:"varint,1,opt,name=replicas"`), their declaration order and
  whether they are pointers. Matched to the proto fields by number, they give the JSON name,
  omitempty, inline embedding and pointer-ness, so the decoder can write what Go's encoding/json
  would write for the same object.

Output format, one line per item (parsed once, lazily, by KubeProtobufSchema):
    @k8s.io.api.core.v1                   a proto package; the messages below belong to it
    Pod K                                 a message; K: a kind (embeds TypeMeta), L: a Go slice
                                          type whose JSON is its `items`
     1 metadata ObjectMeta o              a field, in Go declaration order: number, JSON name, type,
                                          flags (r repeated, o omitempty, p pointer, i inline)
A type is a scalar (string bytes bool int32 int64 uint32 uint64 sint32 sint64 fixed32 fixed64
sfixed32 sfixed64 float double), a message (short within the package, else fully qualified) or
map<KEY,VALUE>.
"""
import difflib
import os
import re
import struct
import sys
import zlib

DEFAULT_KUBECTL = "/usr/lib/google-cloud-sdk/bin/kubectl.1.33"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources/KubeModel/Protobuf/KubeProtobufSchema+Text.swift")

APIMACHINERY = ["apis/meta/v1", "runtime", "runtime/schema", "api/resource", "util/intstr"]
STABLE_API = [
    "core/v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "coordination/v1",
    "events/v1", "networking/v1", "policy/v1", "storage/v1", "scheduling/v1", "discovery/v1",
    "rbac/v1", "authentication/v1", "authorization/v1", "admissionregistration/v1",
    "certificates/v1", "node/v1", "flowcontrol/v1",
]
PROTO_FILES = [f"k8s.io/apimachinery/pkg/{p}/generated.proto" for p in APIMACHINERY] + [
    f"k8s.io/api/{p}/generated.proto" for p in STABLE_API
]

SCALARS = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64",
           7: "fixed32", 8: "bool", 9: "string", 12: "bytes", 13: "uint32", 15: "sfixed32",
           16: "sfixed64", 17: "sint32", 18: "sint64"}
TYPE_MESSAGE = 11
LABEL_REPEATED = 3
# Messages whose Go types write their own JSON (MarshalJSON), so their Go fields say nothing about
# it: they are listed from the proto alone, and KubeProtobufCustomJSON decodes those that the stable
# kinds use (Duration and QuantityValue appear in none).
CUSTOM_JSON = {
    "k8s.io.apimachinery.pkg.apis.meta.v1." + n for n in ("Time", "MicroTime", "Duration", "FieldsV1")
} | {
    "k8s.io.apimachinery.pkg.api.resource.Quantity",
    "k8s.io.apimachinery.pkg.api.resource.QuantityValue",
    "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
    "k8s.io.apimachinery.pkg.runtime.RawExtension",
}
GO_KIND_MAP, GO_KIND_POINTER, GO_KIND_SLICE, GO_KIND_STRUCT = 21, 22, 23, 25


def fail(message):
    sys.exit(f"generate-kube-protobuf: {message}")


# Protobuf wire format, enough to read descriptors.

def read_varint(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def wire_fields(data):
    """Yields (number, value) for each field; value is an int or bytes."""
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, i = read_varint(data, i)
        elif wire_type == 2:
            length, i = read_varint(data, i)
            value = data[i:i + length]
            if len(value) != length:
                raise ValueError("truncated")
            i += length
        elif wire_type == 1:
            value, i = data[i:i + 8], i + 8
        elif wire_type == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"wire type {wire_type}")
        yield number, value


def registered_descriptors(binary):
    """Maps file name -> FileDescriptorProto bytes for every gzipped descriptor in the binary."""
    files = {}
    for match in re.finditer(re.escape(b"\x1f\x8b\x08\x00\x00\x00\x00\x00"), binary):
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(binary[match.start():match.start() + (1 << 22)])
            first = next(wire_fields(data))
        except (zlib.error, ValueError, IndexError, StopIteration):
            continue
        if first[0] == 1 and isinstance(first[1], bytes) and first[1].endswith(b".proto"):
            files[first[1].decode()] = data
    return files


def parse_file(data):
    """Returns (package, go_package, [(message name, [field dicts], {map entry name: (key, value)})])."""
    package = go_package = None
    messages = []
    for number, value in wire_fields(data):
        if number == 2:
            package = value.decode()
        elif number == 4:
            messages.append(parse_message(value))
        elif number == 8:
            for option, option_value in wire_fields(value):
                if option == 11:
                    go_package = option_value.decode()
    return package, go_package, messages


def parse_message(data):
    name, fields, entries = None, [], {}
    for number, value in wire_fields(data):
        if number == 1:
            name = value.decode()
        elif number == 2:
            fields.append(parse_field(value))
        elif number == 3:
            entry_name, entry_fields, _ = parse_message(value)
            by_number = {f["number"]: f for f in entry_fields}
            entries[entry_name] = (by_number[1], by_number[2])
    return name, fields, entries


def parse_field(data):
    field = {"type_name": None}
    names = {1: "name", 3: "number", 4: "label", 5: "type", 6: "type_name"}
    for number, value in wire_fields(data):
        if number in names:
            field[names[number]] = value.decode() if isinstance(value, bytes) else value
    return field


# Go runtime type information (Go 1.2x, amd64 ELF): abi.Type and its kind-specific tails.

class GoTypes:
    """Reads named Go types reachable from the binary's typelinks."""

    def __init__(self, binary):
        self.data = binary
        section_offset = struct.unpack_from("<Q", binary, 0x28)[0]
        entry_size, count, names_index = struct.unpack_from("<HHH", binary, 0x3A)
        headers = [struct.unpack_from("<IIQQQQ", binary, section_offset + i * entry_size) for i in range(count)]
        names_offset = headers[names_index][4]
        self.sections = {}
        for name, kind, _, address, offset, size in headers:
            label = binary[names_offset + name:binary.index(b"\0", names_offset + name)].decode()
            if kind != 8 and address:  # 8: SHT_NOBITS
                self.sections[label] = (address, offset, size)
        self.types_base = self.sections[".rodata"][0]
        self.named = {}  # "k8s.io/api/core/v1.Pod" -> type info
        self.walk()

    def offset(self, address):
        for base, offset, size in self.sections.values():
            if base <= address < base + size:
                return offset + address - base
        raise KeyError(hex(address))

    def u8(self, address):
        return self.data[self.offset(address)]

    def i32(self, address):
        return struct.unpack_from("<i", self.data, self.offset(address))[0]

    def u64(self, address):
        return struct.unpack_from("<Q", self.data, self.offset(address))[0]

    def name(self, address):
        """An abi.Name: flags byte, varint length, bytes, then a varint-prefixed tag if flags & 2."""
        flags = self.u8(address)
        length, start = read_varint(self.data, self.offset(address + 1))
        text = self.data[start:start + length].decode()
        tag = ""
        if flags & 2:
            tag_length, tag_start = read_varint(self.data, start + length)
            tag = self.data[tag_start:tag_start + tag_length].decode()
        return text, tag, flags

    def walk(self):
        address, offset, size = self.sections[".typelink"]
        pending = [self.types_base + o for o in struct.unpack_from(f"<{size // 4}i", self.data, offset)]
        self.types = {}
        while pending:
            address = pending.pop()
            if address in self.types:
                continue
            kind = self.u8(address + 23) & 0x1F
            info = {"kind": kind, "name": self.type_name(address, kind)}
            self.types[address] = info
            if kind in (GO_KIND_POINTER, GO_KIND_SLICE, 17):
                info["elem"] = self.u64(address + 48)
                pending.append(info["elem"])
            elif kind == GO_KIND_MAP:
                pending += [self.u64(address + 48), self.u64(address + 56)]
            elif kind == GO_KIND_STRUCT:
                fields_address, count = self.u64(address + 56), self.u64(address + 64)
                info["fields"] = []
                for i in range(count):
                    name, type_address = struct.unpack_from("<QQ", self.data, self.offset(fields_address + 24 * i))
                    text, tag, flags = self.name(name)
                    info["fields"].append({"name": text, "tag": tag, "embedded": bool(flags & 8), "type": type_address})
                    pending.append(type_address)
            if info["name"]:
                self.named[info["name"]] = info

    def type_name(self, address, kind):
        """The package-qualified name of a named struct or slice type (the kinds API messages have)."""
        tflag = self.u8(address + 20)
        if kind not in (GO_KIND_STRUCT, GO_KIND_SLICE) or not (tflag & 4 and tflag & 1):  # Named, Uncommon
            return None
        text = self.name(self.types_base + self.i32(address + 40))[0]
        if tflag & 2:  # TFlagExtraStar
            text = text[1:]
        uncommon = address + (80 if kind == GO_KIND_STRUCT else 56)  # after StructType / SliceType
        package = self.name(self.types_base + self.i32(uncommon))[0]
        return package + "." + text.split(".", 1)[-1]


def parse_tag(tag):
    return dict(re.findall(r'(\w+):"([^"]*)"', tag))


# Putting the two together.

def describe_message(go_types, package, go_package, message):
    """Returns the lines of one message: its header and its fields in Go declaration order."""
    name, fields, entries = message
    go_type = go_types.named.get(f"{go_package}.{name}")
    if go_type is None:
        fail(f"no Go type {go_package}.{name} in the binary")
    if f"{package}.{name}" in CUSTOM_JSON:
        return [name] + [describe_field(package, f, entries, f["name"], "") for f in fields]
    by_number = {f["number"]: f for f in fields}
    flags = ""
    if go_type["kind"] == GO_KIND_SLICE:
        if [f["name"] for f in fields] != ["items"]:
            fail(f"{name}: a Go slice type whose message is not just `items`")
        return [f"{name} L", describe_field(package, fields[0], entries, "items", "r")]
    go_fields = go_type.get("fields", [])
    # A kind embeds meta/v1 TypeMeta, which is not on the wire (the envelope carries it); the
    # runtime.Unknown envelope itself embeds runtime.TypeMeta as field 1.
    if any(f["name"] == "TypeMeta" and f["embedded"] and "protobuf:" not in f["tag"] for f in go_fields):
        flags = " K"
    lines = [name + flags]
    seen = set()
    for go_field in go_fields:
        tags = parse_tag(go_field["tag"])
        protobuf = tags.get("protobuf", "-").split(",")
        if protobuf == ["-"] or not protobuf[1].isdigit():
            continue
        field = by_number.get(int(protobuf[1]))
        if field is None:
            fail(f"{name}.{go_field['name']}: Go tag names field {protobuf[1]}, absent from the proto")
        seen.add(field["number"])
        json_name, _, json_options = tags.get("json", "").partition(",")
        go_kind = go_types.types[go_field["type"]]["kind"]
        field_flags = ""
        if field["label"] == LABEL_REPEATED:
            field_flags += "r"
        if "omitempty" in json_options.split(","):
            field_flags += "o"
        if go_kind == GO_KIND_POINTER and field["label"] != LABEL_REPEATED:
            field_flags += "p"
        if go_field["embedded"] and json_name == "":
            if go_kind != GO_KIND_STRUCT or field.get("type") != TYPE_MESSAGE:
                fail(f"{name}.{go_field['name']}: inline field that is not a struct value")
            field_flags += "i"
            json_name = field["name"]
        elif json_name == "-":
            continue
        elif json_name == "":
            json_name = go_field["name"]
        lines.append(describe_field(package, field, entries, json_name, field_flags))
    missing = set(by_number) - seen
    if missing:
        fail(f"{name}: proto fields {sorted(missing)} have no Go field")
    return lines


def describe_field(package, field, entries, json_name, flags):
    type_text = type_of(package, field)
    entry = entries.get(field["type_name"].rsplit(".", 1)[-1]) if field["type_name"] else None
    if entry is not None:
        type_text = f"map<{type_of(package, entry[0])},{type_of(package, entry[1])}>"
        flags = flags.replace("r", "")
    return f" {field['number']} {json_name} {type_text} {flags}".rstrip()


def type_of(package, field):
    if field["type"] in SCALARS:
        return SCALARS[field["type"]]
    if field["type"] != TYPE_MESSAGE:
        fail(f"field {field['name']}: unsupported proto type {field['type']}")
    qualified = field["type_name"].lstrip(".")
    return qualified[len(package) + 1:] if qualified.startswith(package + ".") else qualified


def check_unique_names(lines):
    """The decoder writes each message's members, inline structs' members merged in and a kind's
    `kind` and `apiVersion` first, without looking for clashes (Go would resolve them by depth), so
    refuse any."""
    messages, kinds, current, package = {}, set(), None, None
    for line in lines:
        if line.startswith("@"):
            package = line[1:]
        elif not line.startswith(" "):
            name = f"{package}.{line.split()[0]}"
            current = messages.setdefault(name, [])
            if line.endswith(" K"):
                kinds.add(name)
        else:
            current.append(line.split())

    def names(message):
        result = []
        for number, json_name, type_text, *flags in messages[message]:
            if "i" in "".join(flags):
                result += names(type_text if "." in type_text else message.rsplit(".", 1)[0] + "." + type_text)
            else:
                result.append(json_name)
        return result

    for message in messages:
        all_names = names(message) + (["kind", "apiVersion"] if message in kinds else [])
        if len(all_names) != len(set(all_names)):
            fail(f"{message}: member names clash: {sorted(all_names)}")


def generate(kubectl):
    with open(kubectl, "rb") as f:
        binary = f.read()
    descriptors = registered_descriptors(binary)
    go_types = GoTypes(binary)
    lines = []
    for file_name in PROTO_FILES:
        if file_name not in descriptors:
            fail(f"{file_name} is not registered in {kubectl}")
        package, go_package, messages = parse_file(descriptors[file_name])
        if not messages:
            continue
        lines.append("@" + package)
        for message in messages:
            lines += describe_message(go_types, package, go_package, message)
    check_unique_names(lines)
    body = "\n".join(lines)
    return (
        "// Generated by scripts/generate-kube-protobuf.py from the protobuf descriptors and Go type\n"
        f"// information in {os.path.basename(kubectl)}. Do not edit; regenerate.\n"
        "\n"
        "extension KubeProtobufSchema {\n"
        "    /// The wire and JSON facts of every message of the stable API groups, in the line format that\n"
        "    /// scripts/generate-kube-protobuf.py documents.\n"
        f'    static let text = """\n{body}\n"""\n'
        "}\n"
    )


def write_descriptor_set(kubectl, output):
    """Writes every registered k8s.io FileDescriptorProto as one FileDescriptorSet. Imports of files
    the binary does not register (gogo.proto, whose options only tune Go code) are dropped, so protoc
    can load the set."""
    with open(kubectl, "rb") as f:
        descriptors = registered_descriptors(f.read())
    missing = [name for name in PROTO_FILES if name not in descriptors]
    if missing:
        fail(f"{missing[0]} is not registered in {kubectl}")
    fileset = bytearray()
    for name in sorted(descriptors):
        kept = bytearray()
        for number, value in wire_fields(descriptors[name]):
            if number == 3 and value.decode() not in descriptors:
                continue
            if not isinstance(value, bytes) or number not in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12):
                fail(f"{name}: unexpected FileDescriptorProto field {number}")
            kept += encode_length_delimited(number, value)
        fileset += encode_length_delimited(1, kept)
    with open(output, "wb") as f:
        f.write(fileset)


def encode_length_delimited(number, value):
    encoded = bytearray()
    for part in (number << 3 | 2, len(value)):
        while part >= 0x80:
            encoded.append(part & 0x7F | 0x80)
            part >>= 7
        encoded.append(part)
    return bytes(encoded) + value


def main(arguments):
    if arguments[:1] == ["--descriptor-set"] and len(arguments) >= 2:
        write_descriptor_set(arguments[2] if len(arguments) > 2 else DEFAULT_KUBECTL, arguments[1])
        return
    check = "--check" in arguments
    rest = [a for a in arguments if a != "--check"]
    kubectl = rest[0] if rest else DEFAULT_KUBECTL
    text = generate(kubectl)
    if check:
        with open(OUTPUT) as f:
            committed = f.read()
        if committed != text:
            sys.stdout.writelines(difflib.unified_diff(
                committed.splitlines(True), text.splitlines(True), OUTPUT, "regenerated", n=1))
            fail(f"{os.path.relpath(OUTPUT, ROOT)} is out of date; run scripts/generate-kube-protobuf.py")
        print(f"{os.path.relpath(OUTPUT, ROOT)} is up to date")
        return
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}: {len(text)} bytes, {text.count(chr(10))} lines")


if __name__ == "__main__":
    main(sys.argv[1:])
