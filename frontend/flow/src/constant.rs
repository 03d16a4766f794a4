//! Python-level constants as they appear in flow graphs.

use std::fmt;
use std::rc::Rc;

/// A prebuilt object of the program (function, class, module, builtin, prebuilt instance,
/// list or dict), owned by the frontend's object store. Opaque to this crate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ObjRef(pub u32);

/// A float compared and hashed by its bits, so constants can be keys.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FloatBits(pub u64);

impl FloatBits {
    pub fn new(f: f64) -> FloatBits {
        FloatBits(f.to_bits())
    }
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

/// A constant operand of a high-level operation.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Constant {
    None,
    Bool(bool),
    Int(i64),
    Float(FloatBits),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Rc<[Constant]>),
    Obj(ObjRef),
    /// The value of a local on a path where it was never assigned (only during graph building).
    Undefined,
}

impl Constant {
    pub fn str(s: &str) -> Constant {
        Constant::Str(Rc::from(s))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Constant::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_obj(&self) -> Option<ObjRef> {
        match self {
            Constant::Obj(o) => Some(*o),
            _ => None,
        }
    }

    /// Python truth value, where it is known without the object store.
    pub fn truth(&self) -> Option<bool> {
        Some(match self {
            Constant::None => false,
            Constant::Bool(b) => *b,
            Constant::Int(i) => *i != 0,
            Constant::Float(f) => f.get() != 0.0,
            Constant::Str(s) => !s.is_empty(),
            Constant::Bytes(b) => !b.is_empty(),
            Constant::Tuple(t) => !t.is_empty(),
            Constant::Obj(_) | Constant::Undefined => return None,
        })
    }
}

/// Python's `repr` for the constants this crate can print on its own.
impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constant::None => write!(f, "None"),
            Constant::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Constant::Int(i) => write!(f, "{i}"),
            Constant::Float(x) => {
                let v = x.get();
                if v.is_finite() && v == v.trunc() && v.abs() < 1e16 {
                    write!(f, "{v:.1}")
                } else {
                    write!(f, "{v:?}")
                }
            }
            Constant::Str(s) => write!(f, "{:?}", &**s),
            Constant::Bytes(b) => {
                write!(f, "b\"")?;
                for &c in b.iter() {
                    match c {
                        b'"' => write!(f, "\\\"")?,
                        b'\\' => write!(f, "\\\\")?,
                        0x20..=0x7e => write!(f, "{}", c as char)?,
                        _ => write!(f, "\\x{c:02x}")?,
                    }
                }
                write!(f, "\"")
            }
            Constant::Tuple(items) => {
                write!(f, "(")?;
                for (i, it) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{it}")?;
                }
                if items.len() == 1 {
                    write!(f, ",")?;
                }
                write!(f, ")")
            }
            Constant::Obj(o) => write!(f, "obj{}", o.0),
            Constant::Undefined => write!(f, "<undefined>"),
        }
    }
}
