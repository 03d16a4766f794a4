//! The library the translator knows: one table of built-in functions and objects (`Builtin`),
//! the contents of each library module (`library_module`), and the names RPy refuses.
//!
//! `rlib/` beside this crate is a plain Python package, so programs importing it also run
//! under CPython. The translator knows most of it from this table; the parts written in RPy
//! (`rlib/rope.py`) are embedded and compiled like the program's own modules
//! (`source_module`).

macro_rules! builtins {
    ($($variant:ident => $module:literal, $name:literal;)*) => {
        /// A function or object provided by the translator rather than by RPy source.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum Builtin { $($variant,)* }

        impl Builtin {
            /// The module that provides it (`builtins` for the built-in namespace).
            pub fn module(self) -> &'static str {
                match self { $(Builtin::$variant => $module,)* }
            }
            /// Its name inside that module.
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name,)* }
            }
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant,)*];
        }
    };
}

builtins! {
    Print => "builtins", "print";
    Len => "builtins", "len";
    Range => "builtins", "range";
    Abs => "builtins", "abs";
    Min => "builtins", "min";
    Max => "builtins", "max";
    Sum => "builtins", "sum";
    Any => "builtins", "any";
    All => "builtins", "all";
    Sorted => "builtins", "sorted";
    Reversed => "builtins", "reversed";
    Enumerate => "builtins", "enumerate";
    Zip => "builtins", "zip";
    Isinstance => "builtins", "isinstance";
    Int => "builtins", "int";
    Float => "builtins", "float";
    Str => "builtins", "str";
    Repr => "builtins", "repr";
    Bool => "builtins", "bool";
    Chr => "builtins", "chr";
    Ord => "builtins", "ord";
    Hex => "builtins", "hex";
    Oct => "builtins", "oct";
    Bin => "builtins", "bin";
    Hash => "builtins", "hash";
    Divmod => "builtins", "divmod";
    Round => "builtins", "round";
    Pow => "builtins", "pow";
    Iter => "builtins", "iter";
    Next => "builtins", "next";
    List => "builtins", "list";
    Dict => "builtins", "dict";
    Set => "builtins", "set";
    Tuple => "builtins", "tuple";
    Bytes => "builtins", "bytes";
    Bytearray => "builtins", "bytearray";
    Open => "builtins", "open";
    Input => "builtins", "input";
    Object => "builtins", "object";
    Id => "builtins", "id";
    Type => "builtins", "type";
    Super => "builtins", "super";
    SysExit => "sys", "exit";
    SysStdout => "sys", "stdout";
    SysStderr => "sys", "stderr";
    SysArgv => "sys", "argv";
    MathSqrt => "math", "sqrt";
    MathExp => "math", "exp";
    MathLog => "math", "log";
    MathLog2 => "math", "log2";
    MathLog10 => "math", "log10";
    MathSin => "math", "sin";
    MathCos => "math", "cos";
    MathTan => "math", "tan";
    MathAsin => "math", "asin";
    MathAcos => "math", "acos";
    MathAtan => "math", "atan";
    MathAtan2 => "math", "atan2";
    MathSinh => "math", "sinh";
    MathCosh => "math", "cosh";
    MathTanh => "math", "tanh";
    MathFloor => "math", "floor";
    MathCeil => "math", "ceil";
    MathTrunc => "math", "trunc";
    MathFabs => "math", "fabs";
    MathPow => "math", "pow";
    MathHypot => "math", "hypot";
    MathFmod => "math", "fmod";
    MathIsnan => "math", "isnan";
    MathIsinf => "math", "isinf";
    MathIsfinite => "math", "isfinite";
    MathCopysign => "math", "copysign";
    MathDegrees => "math", "degrees";
    MathRadians => "math", "radians";
    MathGcd => "math", "gcd";
    MathFactorial => "math", "factorial";
    MathModf => "math", "modf";
    MathFrexp => "math", "frexp";
    MathLdexp => "math", "ldexp";
    MathIsclose => "math", "isclose";
    TimeTime => "time", "time";
    TimePerfCounter => "time", "perf_counter";
    TimeSleep => "time", "sleep";
    OsRead => "os", "read";
    OsWrite => "os", "write";
    OsOpen => "os", "open";
    OsClose => "os", "close";
    OsGetpid => "os", "getpid";
    OsListdir => "os", "listdir";
    OsEnviron => "os", "environ";
    OsPathExists => "os.path", "exists";
    OsPathJoin => "os.path", "join";
    RIntmask => "rlib.rarithmetic", "intmask";
    RUint => "rlib.rarithmetic", "r_uint";
    RInt64 => "rlib.rarithmetic", "r_int64";
    RUint64 => "rlib.rarithmetic", "r_uint64";
    ROvfcheck => "rlib.rarithmetic", "ovfcheck";
    RWeAreTranslated => "rlib.objectmodel", "we_are_translated";
    RSpecialize => "rlib.objectmodel", "specialize";
    RComputeHash => "rlib.objectmodel", "compute_hash";
    RAlwaysInline => "rlib.objectmodel", "always_inline";
    RNotRpython => "rlib.objectmodel", "not_rpython";
    RStringBuilder => "rlib.rstring", "StringBuilder";
    RBytesBuilder => "rlib.rstring", "BytesBuilder";
    RJitDriver => "rlib.jit", "JitDriver";
    RJitHint => "rlib.jit", "hint";
    RJitPromote => "rlib.jit", "promote";
    RJitElidable => "rlib.jit", "elidable";
    RJitUnrollSafe => "rlib.jit", "unroll_safe";
    RJitDontLookInside => "rlib.jit", "dont_look_inside";
    // Objects made at module level by library calls (not importable by name).
    RJitDriverInstance => "<objects>", "JitDriver instance";
    // `Exception.__init__` (of any built-in exception class), called as a plain function.
    ExceptionInit => "<objects>", "BaseException.__init__";
}

impl Builtin {
    /// `module.name`, or just `name` for the built-in namespace.
    pub fn qualified_name(self) -> String {
        if self.module() == "builtins" {
            self.name().to_string()
        } else {
            format!("{}.{}", self.module(), self.name())
        }
    }

    /// The built-in function or object named `name` in the default namespace.
    pub fn lookup_builtin(name: &str) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| b.module() == "builtins" && b.name() == name)
    }
}

/// A value in a library module's namespace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LibValue {
    Builtin(Builtin),
    Float(f64),
    Int(i64),
    Str(&'static str),
    /// A tuple of ints (`sys.version_info`: the CPython version RPy follows).
    Ints(&'static [i64]),
    /// A submodule (`os.path`).
    Module(&'static str),
}

/// The library modules RPy programs may import.
pub const LIBRARY_MODULES: &[&str] = &[
    "sys",
    "os",
    "os.path",
    "math",
    "time",
    "rlib",
    "rlib.rarithmetic",
    "rlib.objectmodel",
    "rlib.rstring",
    "rlib.jit",
    "__future__",
    "typing",
];

/// The namespace of a library module, or `None` if `name` is not one.
pub fn library_module(name: &str) -> Option<Vec<(&'static str, LibValue)>> {
    if !LIBRARY_MODULES.contains(&name) {
        return None;
    }
    let mut items: Vec<(&'static str, LibValue)> =
        Builtin::ALL.iter().filter(|b| b.module() == name).map(|b| (b.name(), LibValue::Builtin(*b))).collect();
    match name {
        "math" => items.extend([
            ("pi", LibValue::Float(std::f64::consts::PI)),
            ("e", LibValue::Float(std::f64::consts::E)),
            ("tau", LibValue::Float(std::f64::consts::TAU)),
            ("inf", LibValue::Float(f64::INFINITY)),
            ("nan", LibValue::Float(f64::NAN)),
        ]),
        "sys" => items.extend([
            ("maxsize", LibValue::Int(i64::MAX)),
            ("byteorder", LibValue::Str("little")),
            ("platform", LibValue::Str("linux")),
            ("version_info", LibValue::Ints(&[3, 11, 0])),
        ]),
        "os" => items.push(("path", LibValue::Module("os.path"))),
        "os.path" => items.push(("sep", LibValue::Str("/"))),
        "rlib" => items.extend(
            ["rarithmetic", "objectmodel", "rstring", "jit"].iter().map(|m| (*m, LibValue::Module(lib_submodule(m)))),
        ),
        _ => {}
    }
    Some(items)
}

fn lib_submodule(m: &str) -> &'static str {
    match m {
        "rarithmetic" => "rlib.rarithmetic",
        "objectmodel" => "rlib.objectmodel",
        "rstring" => "rlib.rstring",
        _ => "rlib.jit",
    }
}

/// Library modules written in RPy: the translator compiles their source like the program's
/// own modules (path shown in messages, text).
pub fn source_module(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "rlib.rope" => Some(("rlib/rope.py", include_str!("../rlib/rope.py"))),
        _ => None,
    }
}

/// Why `str.maketrans(x, y, z)` is rejected (in functions and at module level), and the fix.
pub const MAKETRANS3_ERROR: (&str, &str) = (
    "`str.maketrans(x, y, z)` makes a table mapping to both ints and None, which has no RPy type (one type per dict value)",
    "use the dict form, which maps to strings or None: `str.maketrans({\"a\": \"x\", \"c\": None})`",
);

/// Built-in names that exist in Python but not in RPy, with the reason given to users.
pub fn unsupported_builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "eval" | "exec" | "compile" => "code evaluated at run time cannot be translated",
        "globals" | "locals" | "vars" => "the namespace is not available at run time",
        "getattr" | "setattr" | "hasattr" | "delattr" => "attributes must be named statically",
        "__import__" => "imports happen at translation time only",
        "property" | "staticmethod" | "classmethod" => "only the library's decorators are supported",
        "callable" | "issubclass" | "format" | "memoryview" | "complex" | "frozenset" | "slice" | "filter"
        | "map" | "breakpoint" | "help" | "dir" | "aiter" | "anext" => "this built-in is not part of RPy",
        _ => return None,
    })
}

/// The built-in exception classes, each with its base (`None` for the root), in an order where
/// every base comes before its subclasses.
pub const BUILTIN_EXCEPTIONS: &[(&str, Option<&str>)] = &[
    ("BaseException", None),
    ("SystemExit", Some("BaseException")),
    ("KeyboardInterrupt", Some("BaseException")),
    ("GeneratorExit", Some("BaseException")),
    ("Exception", Some("BaseException")),
    ("StopIteration", Some("Exception")),
    ("ArithmeticError", Some("Exception")),
    ("ZeroDivisionError", Some("ArithmeticError")),
    ("OverflowError", Some("ArithmeticError")),
    ("FloatingPointError", Some("ArithmeticError")),
    ("AssertionError", Some("Exception")),
    ("AttributeError", Some("Exception")),
    ("LookupError", Some("Exception")),
    ("IndexError", Some("LookupError")),
    ("KeyError", Some("LookupError")),
    ("ValueError", Some("Exception")),
    ("UnicodeError", Some("ValueError")),
    ("UnicodeDecodeError", Some("UnicodeError")),
    ("UnicodeEncodeError", Some("UnicodeError")),
    ("TypeError", Some("Exception")),
    ("NameError", Some("Exception")),
    ("RuntimeError", Some("Exception")),
    ("RecursionError", Some("RuntimeError")),
    ("NotImplementedError", Some("RuntimeError")),
    ("MemoryError", Some("Exception")),
    ("EOFError", Some("Exception")),
    ("OSError", Some("Exception")),
    ("FileNotFoundError", Some("OSError")),
    ("PermissionError", Some("OSError")),
    ("IsADirectoryError", Some("OSError")),
];

/// Built-in exceptions the runtime itself raises; their order is the runtime's numbering
/// (`RPY_EXC_<name>` in the C runtime).
pub const RUNTIME_EXCEPTIONS: &[&str] = &[
    "ZeroDivisionError",
    "ValueError",
    "IndexError",
    "KeyError",
    "OverflowError",
    "RecursionError",
    "MemoryError",
    "StopIteration",
    "AssertionError",
    "TypeError",
    "RuntimeError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "OSError",
    "FileNotFoundError",
    "EOFError",
    "AttributeError",
    "NotImplementedError",
    "SystemExit",
    "LookupError",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_library_module_resolves() {
        for m in LIBRARY_MODULES {
            assert!(library_module(m).is_some(), "{m}");
        }
        assert!(library_module("socket").is_none());
    }

    #[test]
    fn exception_bases_come_first() {
        let real: Vec<_> = BUILTIN_EXCEPTIONS.iter().collect();
        for (i, (_, base)) in real.iter().enumerate() {
            if let Some(b) = base {
                assert!(real[..i].iter().any(|(n, _)| n == b), "{b}");
            }
        }
        for r in RUNTIME_EXCEPTIONS {
            assert!(real.iter().any(|(n, _)| n == r), "{r}");
        }
    }
}
