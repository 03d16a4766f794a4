//! Inspecting a program's graphs: the DOT and SVG forms of `rpy flowgraph`, the call graph and
//! the class hierarchy, and the viewer of `rpy view` (a local web server, or static files).
//!
//! `model.rs` turns the pipeline's output into plain data once; `lines.rs`, `dot.rs` and
//! `svg.rs` draw it (`layout.rs` places boxes with `layout-rs`); `site.rs` makes the viewer's
//! files on request (the page lives in `page/`), which `server.rs` serves.
//!
//! Architecture invariant: reads the pipeline's results only; the server listens on
//! 127.0.0.1 and serves only the files `Site` makes (never the file system).

mod dot;
mod layout;
mod lines;
mod model;
mod server;
mod site;
mod svg;

pub use dot::{callers, callgraph_dot, callgraph_text, classes_dot, classes_text, graph_dot};
pub use model::{build_model, find_place, short_name, stage_by_name, stage_name, Arg, BlockView, ClassView, FailureView, Function, GraphView, Model, OpView, Place, Target, VarInfo, STAGES};
pub use server::Server;
pub use site::Site;
pub use svg::{callgraph_svg, classes_svg, graph_svg, stack, Drawing};

use rpy_driver::{Failure, Options, Stage};
use rpy_source::ErrorCode;
use std::path::Path;

/// The output form of `rpy flowgraph`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Text,
    Dot,
    Svg,
}

/// What `rpy flowgraph` shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Subject<'a> {
    /// The graphs of the functions `--func` selects (all with `None`) at a stage.
    Graphs { func: Option<&'a str>, stage: Stage },
    CallGraph,
    Classes,
}

/// `rpy flowgraph` in any form.
pub fn flowgraph(path: &Path, subject: Subject, format: Format, options: &Options) -> Result<String, Failure> {
    match subject {
        Subject::Graphs { func, stage } => {
            if format == Format::Text {
                return rpy_driver::flowgraph_text(path, func, stage, options);
            }
            let model = build_model(path, options, stage)?;
            stage_failure(model, stage).map(|model| graphs(&model, func, stage, format))?
        }
        Subject::CallGraph | Subject::Classes => {
            let model = stage_failure(build_model(path, options, Stage::Annotated)?, Stage::Annotated)?;
            Ok(match (subject, format) {
                (Subject::CallGraph, Format::Text) => callgraph_text(&model),
                (Subject::CallGraph, Format::Dot) => callgraph_dot(&model),
                (Subject::CallGraph, Format::Svg) => callgraph_svg(&model).svg,
                (_, Format::Text) => classes_text(&model),
                (_, Format::Dot) => classes_dot(&model),
                (_, Format::Svg) => classes_svg(&model).svg,
            })
        }
    }
}

/// The model, or the failure that kept it from reaching `stage`.
fn stage_failure(mut model: Model, stage: Stage) -> Result<Model, Failure> {
    if stage != Stage::Flow {
        if let Some(f) = model.failure.take() {
            return Err(f.failure);
        }
    }
    if stage == Stage::Lowered {
        if let Some(f) = model.lowering_failure.take() {
            return Err(f);
        }
    }
    Ok(model)
}

fn graphs(model: &Model, func: Option<&str>, stage: Stage, format: Format) -> Result<String, Failure> {
    let chosen: Vec<usize> = (0..model.functions.len())
        .filter(|i| model.functions[*i].graph(stage).is_some() && rpy_driver::selected(&model.functions[*i].name, func))
        .collect();
    if chosen.is_empty() {
        let what = func.map_or_else(|| "no function".to_string(), |f| format!("no function named `{f}`"));
        return Err(Failure::message(ErrorCode::UnknownName, format!("{what} has a graph at the {} stage", stage_name(stage))));
    }
    Ok(match format {
        Format::Svg => {
            let drawings: Vec<Drawing> = chosen.iter().filter_map(|i| graph_svg(model, *i, stage, None)).collect();
            if drawings.len() == 1 {
                drawings.into_iter().next().map(|d| d.svg).unwrap_or_default()
            } else {
                stack(&drawings)
            }
        }
        _ => chosen.iter().filter_map(|i| graph_dot(model, *i, stage, None)).collect::<Vec<_>>().join("\n"),
    })
}

/// Builds the viewer of the program at `path` (every stage that translation reaches).
pub fn site(path: &Path, options: &Options) -> Result<Site, Failure> {
    Ok(Site::new(build_model(path, options, Stage::Lowered)?))
}
