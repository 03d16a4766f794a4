//! Loading a program: modules by name through a `ModuleLoader`, the built-in classes, and the
//! entry point.

use crate::modeval::Interp;
use crate::objects::{ClassDef, ModuleDef, Object};
use crate::Program;
use indexmap::IndexMap;
use rpy_flow::{Constant, ObjRef};
use rpy_source::{Diagnostic, ErrorCode, SourceMap, Span};
use rpy_stdlib::{library_module, Builtin, LibValue, BUILTIN_EXCEPTIONS};

/// The text of one module and the path to show for it.
pub struct LoadedSource {
    pub path: String,
    pub text: String,
}

/// Finds the source of local modules by dotted name (`helper`, `pkg.mod`, `pkg` for a
/// package's `__init__.py`).
pub trait ModuleLoader {
    fn load(&self, module: &str) -> Option<LoadedSource>;
}

/// Modules held in memory, for tests.
#[derive(Default)]
pub struct MemoryLoader {
    pub modules: IndexMap<String, (String, String)>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    /// Adds module `name` with source `text`, shown as `name.py`.
    pub fn with(mut self, name: &str, text: &str) -> MemoryLoader {
        self.modules.insert(name.to_string(), (format!("{}.py", name.replace('.', "/")), text.to_string()));
        self
    }
}

impl ModuleLoader for MemoryLoader {
    fn load(&self, module: &str) -> Option<LoadedSource> {
        self.modules.get(module).map(|(path, text)| LoadedSource { path: path.clone(), text: text.clone() })
    }
}

/// Loads the program whose entry module is `entry` (a module name the loader knows),
/// evaluates module level, and finds the entry point.
pub fn load_program(entry: &str, loader: &dyn ModuleLoader) -> Result<Program, (SourceMap, Vec<Diagnostic>)> {
    let mut objects = crate::ObjectStore::default();
    let object_class = objects.add(Object::Class(ClassDef {
        name: "object".into(),
        qualname: "object".into(),
        module: None,
        span: Span::DUMMY,
        base: None,
        mixins: vec![],
        dict: IndexMap::new(),
        builtin: true,
    }));
    let mut exception_classes = IndexMap::new();
    for (name, base) in BUILTIN_EXCEPTIONS {
        let base = base.map(|b| exception_classes[b]).unwrap_or(object_class);
        let r = objects.add(Object::Class(ClassDef {
            name: name.to_string(),
            qualname: name.to_string(),
            module: None,
            span: Span::DUMMY,
            base: Some(base),
            mixins: vec![],
            dict: IndexMap::new(),
            builtin: true,
        }));
        exception_classes.insert(name.to_string(), r);
    }
    let env_base = objects.add(Object::Class(ClassDef {
        name: "<closure env>".into(),
        qualname: "<closure env>".into(),
        module: None,
        span: Span::DUMMY,
        base: Some(object_class),
        mixins: vec![],
        dict: IndexMap::new(),
        builtin: false,
    }));
    let mut program = Program {
        sources: SourceMap::new(),
        objects,
        modules: IndexMap::new(),
        entry_module: ObjRef(0),
        entry: ObjRef(0),
        object_class,
        exception_classes,
        env_base,
        env_classes: IndexMap::new(),
        nested: IndexMap::new(),
        generator_classes: IndexMap::new(),
    };
    let mut interp = Interp::new(&mut program, loader);
    let entry_module = interp.import_module(entry, Span::DUMMY);
    let entry_fn = entry_module.and_then(|m| interp.find_entry_point(m));
    let diags = std::mem::take(&mut interp.diags);
    match (entry_module, entry_fn) {
        (Some(m), Some(f)) if diags.is_empty() => {
            program.entry_module = m;
            program.entry = f;
            Ok(program)
        }
        _ => {
            let mut diags = diags;
            if diags.is_empty() {
                diags.push(Diagnostic::internal("loading failed without a message"));
            }
            Err((program.sources, diags))
        }
    }
}

/// Makes the module object for a library module.
pub(crate) fn library_module_object(program: &mut Program, name: &str) -> Option<ObjRef> {
    let items = library_module(name)?;
    let mut namespace = IndexMap::new();
    for (item, value) in items {
        let c = match value {
            LibValue::Builtin(b) => Constant::Obj(program.objects.builtin(b)),
            LibValue::Float(f) => Constant::Float(rpy_flow::FloatBits::new(f)),
            LibValue::Int(i) => Constant::Int(i),
            LibValue::Str(s) => Constant::str(s),
            LibValue::Ints(items) => Constant::Tuple(items.iter().map(|i| Constant::Int(*i)).collect()),
            LibValue::Module(sub) => match program.modules.get(sub) {
                Some(m) => Constant::Obj(*m),
                None => Constant::Obj(library_module_object(program, sub)?),
            },
        };
        namespace.insert(item.to_string(), c);
    }
    let r = program.objects.add(Object::Module(ModuleDef { name: name.to_string(), file: None, namespace, library: true }));
    program.modules.insert(name.to_string(), r);
    Some(r)
}

/// The built-in name `name` as a constant (builtin functions and exception classes).
pub(crate) fn builtin_name(program: &mut Program, name: &str) -> Option<Constant> {
    if let Some(c) = program.exception_classes.get(name) {
        return Some(Constant::Obj(*c));
    }
    match name {
        "None" => return Some(Constant::None),
        "True" => return Some(Constant::Bool(true)),
        "False" => return Some(Constant::Bool(false)),
        "__name__" => return Some(Constant::str("__rpy__")),
        "object" => return Some(Constant::Obj(program.object_class)),
        _ => {}
    }
    Builtin::lookup_builtin(name).map(|b| Constant::Obj(program.objects.builtin(b)))
}

pub(crate) fn unknown_module(span: Span, name: &str) -> Diagnostic {
    Diagnostic::at(ErrorCode::UnknownModule, span, format!("cannot import `{name}`: no local module of that name, and it is not an RPy library module"))
        .with_note(format!("RPy programs can import local modules (files beside the program) and the library modules {}", rpy_stdlib::LIBRARY_MODULES.join(", ")))
        .with_help("copy the functionality you need into a local module, or use rlib")
}
