//! Read-only queries for inspection tools (`rpy view`): which low-level type the rtyper
//! represents each annotated variable with. Nothing is lowered.

use crate::RTyper;
use rpy_annotator::Annotated;

/// The low-level type of every variable of every annotated graph, named as the lowered text
/// form names it (`Signed`, `Ptr(inst_Animal)`); indexed by graph, then variable; `None` for
/// variables of blocks never reached.
pub fn annotation_lltypes(ann: &Annotated) -> Vec<Vec<Option<String>>> {
    let mut r = RTyper::new(ann);
    ann.graphs
        .iter()
        .map(|g| {
            g.bindings
                .iter()
                .map(|b| {
                    b.as_ref().map(|b| {
                        let t = r.lltype(&b.value);
                        r.types.type_name(t)
                    })
                })
                .collect()
        })
        .collect()
}
