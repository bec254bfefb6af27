/** The family of a MessagePack value, whatever its width: what `Reader.peekKind` reports. */
export enum Kind {
  Nil = 0,
  Bool = 1,
  Int = 2,
  Float = 3,
  String = 4,
  Bytes = 5,
  Array = 6,
  Map = 7,
  Ext = 8,
  /** 0xc1, the one byte MessagePack never uses. */
  Invalid = 9,
}

/** The family a MessagePack value's first byte announces. */
export function kindOf(byte: u32): Kind {
  if (byte <= 0x7f || byte >= 0xe0) return Kind.Int;
  if (byte <= 0x8f) return Kind.Map;
  if (byte <= 0x9f) return Kind.Array;
  if (byte <= 0xbf) return Kind.String;
  switch (byte) {
    case 0xc0:
      return Kind.Nil;
    case 0xc2:
    case 0xc3:
      return Kind.Bool;
    case 0xc4:
    case 0xc5:
    case 0xc6:
      return Kind.Bytes;
    case 0xc7:
    case 0xc8:
    case 0xc9:
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8:
      return Kind.Ext;
    case 0xca:
    case 0xcb:
      return Kind.Float;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3:
      return Kind.Int;
    case 0xd9:
    case 0xda:
    case 0xdb:
      return Kind.String;
    case 0xdc:
    case 0xdd:
      return Kind.Array;
    case 0xde:
    case 0xdf:
      return Kind.Map;
    default:
      return Kind.Invalid;
  }
}

/** How error messages name a family: `expected string, got int`. */
export function kindName(kind: Kind): string {
  switch (kind) {
    case Kind.Nil:
      return "nil";
    case Kind.Bool:
      return "bool";
    case Kind.Int:
      return "int";
    case Kind.Float:
      return "float";
    case Kind.String:
      return "string";
    case Kind.Bytes:
      return "bytes";
    case Kind.Array:
      return "array";
    case Kind.Map:
      return "map";
    case Kind.Ext:
      return "ext";
    default:
      return "invalid byte 0xc1";
  }
}
