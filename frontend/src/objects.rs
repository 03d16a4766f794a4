//! The prebuilt objects of a program: functions, classes, modules, builtins, and the
//! instances, lists and dicts that module-level code creates. Every `Constant::Obj` refers
//! to one of them.

use indexmap::IndexMap;
use rpy_flow::{Constant, ObjRef};
use rpy_source::{FileId, Span};
use rpy_stdlib::Builtin;
use rustpython_parser::ast;
use std::rc::Rc;

/// One parameter of a user function.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub span: Span,
    /// The default value, evaluated when the `def` ran at translation time.
    pub default: Option<Constant>,
}

/// Where a function's body comes from.
#[derive(Clone, Debug)]
pub enum FunctionBody {
    /// A `def` statement.
    Def(Rc<ast::StmtFunctionDef>),
    /// A `lambda` expression.
    Lambda(Rc<ast::ExprLambda>),
    /// `__next__` of the iterator class made for generator function `generator`: its body,
    /// resumable at each `yield`.
    GeneratorNext { generator: ObjRef },
    /// `__iter__` of a generator's iterator class: returns the iterator itself.
    GeneratorIter,
}

/// A specialization directive from `rlib.objectmodel.specialize`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Specialize {
    None,
    /// `specialize.argtype(n, ...)`: one graph per type of these arguments.
    ArgType(u32),
    /// `specialize.memo()`: computed for each constant argument.
    Memo,
    /// `@not_rpython`: runs only at translation time (called by module-level code), never
    /// translated.
    NotRpython,
}

/// A function defined by RPy source.
#[derive(Clone, Debug)]
pub struct FunctionDef {
    pub name: String,
    /// `module.func` or `module.Class.method`.
    pub qualname: String,
    pub module: ObjRef,
    pub file: FileId,
    /// The span of the `def` line up to the colon (for messages about the whole function).
    pub span: Span,
    pub params: Vec<Param>,
    pub body: FunctionBody,
    /// The class whose body defined it, for methods.
    pub class: Option<ObjRef>,
    /// For a nested function that reads variables of enclosing functions: the environment
    /// class of the function that defines it (passed as a hidden first argument).
    pub closure_env: Option<ObjRef>,
    /// Those variables, with how many environments up each lives (0: the defining
    /// function's own).
    pub free_vars: Vec<(String, u32)>,
    pub specialize: Specialize,
    pub is_generator: bool,
}

/// A class: user-defined or a built-in exception class.
#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: String,
    pub qualname: String,
    pub module: Option<ObjRef>,
    pub span: Span,
    pub base: Option<ObjRef>,
    /// Classes listed after the first base that add only methods.
    pub mixins: Vec<ObjRef>,
    /// The class body's namespace: methods (functions) and class attributes (constants).
    pub dict: IndexMap<String, Constant>,
    /// A built-in class (exception classes): its instances carry the runtime's message.
    pub builtin: bool,
}

/// A module: user source or a library module.
#[derive(Clone, Debug)]
pub struct ModuleDef {
    pub name: String,
    pub file: Option<FileId>,
    pub namespace: IndexMap<String, Constant>,
    /// Names assigned more than once at module level (they are not constants).
    pub library: bool,
}

/// An instance created at module level.
#[derive(Clone, Debug)]
pub struct InstanceObj {
    pub class: ObjRef,
    pub attrs: IndexMap<String, Constant>,
    pub span: Span,
}

/// A method bound to a prebuilt instance at module level (`f = obj.method`).
#[derive(Clone, Debug)]
pub struct BoundMethodObj {
    pub func: ObjRef,
    pub receiver: ObjRef,
}

/// Any prebuilt object.
#[derive(Clone, Debug)]
pub enum Object {
    Function(FunctionDef),
    Class(ClassDef),
    Module(ModuleDef),
    Builtin(Builtin),
    Instance(InstanceObj),
    List { items: Vec<Constant>, span: Span },
    Dict { items: Vec<(Constant, Constant)>, span: Span },
    Set { items: Vec<Constant>, span: Span },
    BoundMethod(BoundMethodObj),
}

impl Object {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Object::Function(_) => "function",
            Object::Class(_) => "class",
            Object::Module(_) => "module",
            Object::Builtin(_) => "built-in function",
            Object::Instance(_) => "instance",
            Object::List { .. } => "list",
            Object::Dict { .. } => "dict",
            Object::Set { .. } => "set",
            Object::BoundMethod(_) => "bound method",
        }
    }
}

/// All prebuilt objects of a program, indexed by `ObjRef`.
#[derive(Default, Debug)]
pub struct ObjectStore {
    objects: Vec<Object>,
    builtins: IndexMap<Builtin, ObjRef>,
}

impl ObjectStore {
    pub fn add(&mut self, obj: Object) -> ObjRef {
        self.objects.push(obj);
        ObjRef(self.objects.len() as u32 - 1)
    }

    pub fn get(&self, r: ObjRef) -> &Object {
        &self.objects[r.0 as usize]
    }

    pub fn get_mut(&mut self, r: ObjRef) -> &mut Object {
        &mut self.objects[r.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (ObjRef, &Object)> {
        self.objects.iter().enumerate().map(|(i, o)| (ObjRef(i as u32), o))
    }

    /// The one object standing for a builtin (created on first use).
    pub fn builtin(&mut self, b: Builtin) -> ObjRef {
        if let Some(r) = self.builtins.get(&b) {
            return *r;
        }
        let r = self.add(Object::Builtin(b));
        self.builtins.insert(b, r);
        r
    }

    pub fn function(&self, r: ObjRef) -> Option<&FunctionDef> {
        match self.get(r) {
            Object::Function(f) => Some(f),
            _ => None,
        }
    }

    pub fn class(&self, r: ObjRef) -> Option<&ClassDef> {
        match self.get(r) {
            Object::Class(c) => Some(c),
            _ => None,
        }
    }

    pub fn module(&self, r: ObjRef) -> Option<&ModuleDef> {
        match self.get(r) {
            Object::Module(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_builtin(&self, r: ObjRef) -> Option<Builtin> {
        match self.get(r) {
            Object::Builtin(b) => Some(*b),
            _ => None,
        }
    }

    /// Looks a class attribute up along the base chain (then mixins), as Python's MRO would
    /// for single inheritance with method-only mixins. Returns the defining class too.
    pub fn class_lookup(&self, class: ObjRef, name: &str) -> Option<(ObjRef, Constant)> {
        let mut cur = Some(class);
        while let Some(c) = cur {
            let cd = self.class(c)?;
            if let Some(v) = cd.dict.get(name) {
                return Some((c, v.clone()));
            }
            for &m in &cd.mixins {
                if let Some(found) = self.class_lookup(m, name) {
                    return Some(found);
                }
            }
            cur = cd.base;
        }
        None
    }

    /// Whether `class` is `ancestor` or one of its subclasses.
    pub fn is_subclass(&self, class: ObjRef, ancestor: ObjRef) -> bool {
        let mut cur = Some(class);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.class(c).and_then(|cd| cd.base);
        }
        false
    }

    /// A readable name for messages and the text form.
    pub fn describe(&self, r: ObjRef) -> String {
        match self.get(r) {
            Object::Function(f) => f.qualname.clone(),
            Object::Class(c) => c.qualname.clone(),
            Object::Module(m) => format!("module {}", m.name),
            Object::Builtin(b) => b.qualified_name(),
            Object::Instance(i) => format!("<{} instance #{}>", self.describe(i.class), r.0),
            Object::List { .. } => format!("<prebuilt list #{}>", r.0),
            Object::Dict { .. } => format!("<prebuilt dict #{}>", r.0),
            Object::Set { .. } => format!("<prebuilt set #{}>", r.0),
            Object::BoundMethod(m) => format!("<bound {} of #{}>", self.describe(m.func), m.receiver.0),
        }
    }
}
