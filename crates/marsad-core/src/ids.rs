//! Ids of annotation records: a letter for the layer and the record's
//! index in it (`s3`, `t12`, `e7`, `d1`, `q5`, `v2`, `c4`). Unique in a
//! document and stable for the same input and models, since every stage is
//! deterministic and numbers its records in text order. Actors and places
//! keep their knowledge-base and gazetteer ids (`hts`, `wof:101748819`),
//! unique in a document because each appears once.

use std::borrow::Cow;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! layer_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $byte:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The letter that starts the id in JSON.
            pub const PREFIX: char = $prefix;

            /// The id of the record at `index` in its layer.
            pub fn at(index: usize) -> Self {
                Self(u32::try_from(index).unwrap_or(u32::MAX))
            }

            /// The record's index in its layer.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                s.strip_prefix($prefix)
                    .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|d| d.parse().ok())
                    .map(Self)
                    .ok_or_else(|| IdError { id: s.to_string(), prefix: $prefix })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // Ids are short: format on the stack, no allocation.
                let mut buf = [0u8; 11];
                s.serialize_str(format_id($byte, self.0, &mut buf))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Cow::<str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "pattern": concat!("^", $prefix, "[0-9]+$"),
                    "description": concat!("Record id: `", $prefix, "` and the record's index in its layer."),
                })
            }
        }
    };
}

layer_id!(
    /// A sentence: `s0`, `s1`, …
    SentenceId,
    's',
    b's'
);
layer_id!(
    /// A token: `t0`, `t1`, …
    TokenId,
    't',
    b't'
);
layer_id!(
    /// An entity mention found by NER: `e0`, `e1`, …
    EntityId,
    'e',
    b'e'
);
layer_id!(
    /// A date mention: `d0`, `d1`, …
    DateId,
    'd',
    b'd'
);
layer_id!(
    /// A quantity: `q0`, `q1`, …
    QuantityId,
    'q',
    b'q'
);
layer_id!(
    /// An event: `v0`, `v1`, …
    EventId,
    'v',
    b'v'
);
layer_id!(
    /// A claim: `c0`, `c1`, …
    ClaimId,
    'c',
    b'c'
);

/// A string that is not an id of the expected layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{id:?} is not a record id of the form {prefix}N")]
pub struct IdError {
    pub id: String,
    pub prefix: char,
}

/// `prefix` then the decimal digits of `n`, in `buf`.
fn format_id(prefix: u8, mut n: u32, buf: &mut [u8; 11]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    i -= 1;
    buf[i] = prefix;
    // Only ASCII was written.
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

/// A record of a numbered layer.
pub trait Record {
    fn set_index(&mut self, index: usize);
}

/// Gives each record the id of its position: called by the stage that
/// writes a layer, once its records are in their final order.
pub fn number<R: Record>(records: &mut [R]) {
    for (i, r) in records.iter_mut().enumerate() {
        r.set_index(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_and_parse() {
        assert_eq!(TokenId(12).to_string(), "t12");
        assert_eq!("s3".parse::<SentenceId>(), Ok(SentenceId(3)));
        assert!("t3".parse::<SentenceId>().is_err());
        assert!("s".parse::<SentenceId>().is_err());
        assert!("s-1".parse::<SentenceId>().is_err());
        assert!("s99999999999".parse::<SentenceId>().is_err());
        let j = serde_json::to_string(&EntityId(u32::MAX)).unwrap();
        assert_eq!(j, "\"e4294967295\"");
        assert_eq!(
            serde_json::from_str::<EntityId>(&j).unwrap(),
            EntityId(u32::MAX)
        );
        assert_eq!(serde_json::to_string(&DateId(0)).unwrap(), "\"d0\"");
        assert!(serde_json::from_str::<DateId>("\"q0\"").is_err());
    }
}
