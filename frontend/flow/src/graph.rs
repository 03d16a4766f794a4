//! The data of a graph: blocks, operations, links and variables, referred to by `u32` ids.

use rpy_source::Span;
use std::fmt;

/// A variable of one graph.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Var(pub u32);

/// A block of one graph.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(pub u32);

impl fmt::Debug for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}
impl fmt::Display for Var {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}
impl fmt::Debug for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block{}", self.0)
    }
}
impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block{}", self.0)
    }
}

/// What an operation set must provide to live in a `Graph`.
pub trait OpKind: Clone + fmt::Debug + PartialEq {
    /// The constants this operation set uses as operands.
    type Const: Clone + fmt::Debug + PartialEq;
    /// The operation's name in the text form.
    fn name(&self) -> String;
    /// Whether the operation may raise an exception (then it may end a block whose exit
    /// switch is `LastException`).
    fn can_raise(&self) -> bool;
}

/// An operation argument: a variable of the same block, or a constant.
#[derive(Clone, PartialEq, Debug)]
pub enum Operand<C> {
    Var(Var),
    Const(C),
}

impl<C> Operand<C> {
    pub fn as_var(&self) -> Option<Var> {
        match self {
            Operand::Var(v) => Some(*v),
            Operand::Const(_) => None,
        }
    }
    pub fn as_const(&self) -> Option<&C> {
        match self {
            Operand::Var(_) => None,
            Operand::Const(c) => Some(c),
        }
    }
}

/// One operation: `result = kind(args)`, with the source span that produced it.
#[derive(Clone, Debug)]
pub struct Op<O: OpKind> {
    pub kind: O,
    pub args: Vec<Operand<O::Const>>,
    pub result: Var,
    pub span: Span,
}

/// How a block chooses its exit.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum ExitSwitch {
    /// Zero exits (final blocks) or exactly one exit with case `Always`.
    None,
    /// Two exits, `Bool(false)` then `Bool(true)`.
    Bool(Var),
    /// A multi-way branch on an integer: exits with `Int` cases, optionally a last `Default`.
    Switch(Var),
    /// The last operation may raise: `exits[0]` is the normal exit (`Always`), then an optional
    /// `StopIteration` exit, then an optional `Exception` exit that defines `exc_value`.
    LastException,
}

/// Which exit a link is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ExitCase {
    Always,
    Bool(bool),
    Int(i64),
    Default,
    /// Taken when the block's last operation raised; the exception instance is `exc_value`.
    Exception,
    /// Taken when the block's last operation (a `next`) raised StopIteration; it carries no
    /// exception value, so iterators can end without allocating one.
    StopIteration,
}

/// A jump from one block to another, passing values for the target's input variables.
#[derive(Clone, Debug)]
pub struct Link<C> {
    pub target: Block,
    /// Invariant: `args.len() == target.inputs.len()`.
    pub args: Vec<Operand<C>>,
    /// Where each argument was bound to its slot (the assignment of a local, the `return`
    /// statement), for error messages. Invariant: `spans.len() == args.len()`.
    pub spans: Vec<Span>,
    pub exitcase: ExitCase,
    /// For exception links: the variable holding the exception instance, defined by this link
    /// and usable only in its `args`.
    pub exc_value: Option<Var>,
}

/// A basic block: input variables, operations, and exits.
#[derive(Clone, Debug)]
pub struct BlockData<O: OpKind> {
    pub inputs: Vec<Var>,
    pub ops: Vec<Op<O>>,
    pub exitswitch: ExitSwitch,
    pub exits: Vec<Link<O::Const>>,
}

impl<O: OpKind> BlockData<O> {
    pub fn new() -> Self {
        BlockData { inputs: vec![], ops: vec![], exitswitch: ExitSwitch::None, exits: vec![] }
    }
}

impl<O: OpKind> Default for BlockData<O> {
    fn default() -> Self {
        Self::new()
    }
}

/// What is known about a variable besides its type (kept in side tables by later stages).
#[derive(Clone, Debug, Default)]
pub struct VarData {
    /// The source-level name, when the variable holds a named local.
    pub name: Option<String>,
}

/// A function's control-flow graph.
#[derive(Clone, Debug)]
pub struct Graph<O: OpKind> {
    /// The qualified name (`module.func`, `module.Class.method`).
    pub name: String,
    /// The span of the whole function definition.
    pub span: Span,
    pub blocks: Vec<BlockData<O>>,
    pub vars: Vec<VarData>,
    /// Its inputs are the function's parameters.
    pub start: Block,
    /// Final block with exactly one input, the return value.
    pub return_block: Block,
    /// Final block with exactly one input, the exception instance being raised.
    pub except_block: Block,
}

impl<O: OpKind> Graph<O> {
    /// A graph with an empty start block and the two final blocks.
    pub fn new(name: impl Into<String>, span: Span) -> Self {
        let mut g = Graph {
            name: name.into(),
            span,
            blocks: vec![],
            vars: vec![],
            start: Block(0),
            return_block: Block(0),
            except_block: Block(0),
        };
        g.start = g.add_block();
        g.return_block = g.add_block();
        let rv = g.new_var(None);
        g.block_mut(g.return_block).inputs.push(rv);
        g.except_block = g.add_block();
        let ev = g.new_var(None);
        g.block_mut(g.except_block).inputs.push(ev);
        g
    }

    pub fn new_var(&mut self, name: Option<String>) -> Var {
        self.vars.push(VarData { name });
        Var(self.vars.len() as u32 - 1)
    }

    pub fn add_block(&mut self) -> Block {
        self.blocks.push(BlockData::new());
        Block(self.blocks.len() as u32 - 1)
    }

    pub fn block(&self, b: Block) -> &BlockData<O> {
        &self.blocks[b.0 as usize]
    }

    pub fn block_mut(&mut self, b: Block) -> &mut BlockData<O> {
        &mut self.blocks[b.0 as usize]
    }

    pub fn var_name(&self, v: Var) -> Option<&str> {
        self.vars[v.0 as usize].name.as_deref()
    }

    pub fn block_ids(&self) -> impl Iterator<Item = Block> {
        (0..self.blocks.len() as u32).map(Block)
    }

    pub fn is_final(&self, b: Block) -> bool {
        b == self.return_block || b == self.except_block
    }

    /// Blocks reachable from the start block, in depth-first preorder (deterministic).
    pub fn reachable_blocks(&self) -> Vec<Block> {
        let mut seen = vec![false; self.blocks.len()];
        let mut order = vec![];
        let mut stack = vec![self.start];
        while let Some(b) = stack.pop() {
            if std::mem::replace(&mut seen[b.0 as usize], true) {
                continue;
            }
            order.push(b);
            for link in self.block(b).exits.iter().rev() {
                if !seen[link.target.0 as usize] {
                    stack.push(link.target);
                }
            }
        }
        order
    }

    /// All operations of reachable blocks, with their block.
    pub fn operations(&self) -> impl Iterator<Item = (Block, &Op<O>)> {
        self.reachable_blocks().into_iter().flat_map(move |b| self.block(b).ops.iter().map(move |op| (b, op)))
    }
}
