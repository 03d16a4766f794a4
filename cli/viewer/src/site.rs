//! The viewer's files: the page (HTML, JS and CSS embedded in the binary) and the data it
//! loads, one script per function and stage (`data/f/12-annotated.js`), made on request and
//! kept. The server serves them; `--static` writes them all. Data comes as scripts calling
//! `rpyView.loaded(key, data)` rather than as JSON, so the static pages also work when opened
//! from the file system, where browsers forbid `fetch`.

use crate::dot::{called, callers};
use crate::model::{stage_by_name, stage_index, stage_name, Arg, Model, Place, STAGES};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

const INDEX_HTML: &str = include_str!("page/index.html");
const VIEWER_JS: &str = include_str!("page/viewer.js");
const VIEWER_CSS: &str = include_str!("page/viewer.css");

/// A program's viewer files.
pub struct Site {
    pub model: Model,
    cache: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

/// A file: its content type and bytes.
pub struct File {
    pub content_type: &'static str,
    pub body: Arc<Vec<u8>>,
}

impl Site {
    pub fn new(model: Model) -> Site {
        Site { model, cache: Mutex::new(HashMap::new()) }
    }

    /// The URL fragment that opens the viewer on a place (`#/f/3/flow/b2/o1`).
    pub fn fragment(place: &Place) -> String {
        let mut s = format!("#/f/{}/{}/b{}", place.func, stage_name(place.stage), place.block);
        if let Some(op) = place.op {
            s.push_str(&format!("/o{op}"));
        } else if let Some(exit) = place.exit {
            s.push_str(&format!("/e{exit}"));
        }
        s
    }

    /// The file at `path` (relative, without a leading `/`), or `None`.
    pub fn get(&self, path: &str) -> Option<File> {
        let path = if path.is_empty() { "index.html" } else { path };
        let content_type = match path.rsplit('.').next() {
            Some("html") => "text/html; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            _ => return None,
        };
        if let Some(b) = self.cache.lock().ok().and_then(|c| c.get(path).cloned()) {
            return Some(File { content_type, body: b });
        }
        let body = Arc::new(self.make(path)?.into_bytes());
        if let Ok(mut c) = self.cache.lock() {
            c.insert(path.to_string(), body.clone());
        }
        Some(File { content_type, body })
    }

    fn make(&self, path: &str) -> Option<String> {
        match path {
            "index.html" => return Some(INDEX_HTML.to_string()),
            "viewer.js" => return Some(VIEWER_JS.to_string()),
            "viewer.css" => return Some(VIEWER_CSS.to_string()),
            _ => {}
        }
        let key = path.strip_prefix("data/")?.strip_suffix(".js")?;
        let data = match key {
            "index" => self.index(),
            "callgraph" => json!({ "svg": crate::svg::callgraph_svg(&self.model).svg }),
            "classes" => json!({ "svg": crate::svg::classes_svg(&self.model).svg, "text": crate::dot::classes_text(&self.model) }),
            _ => {
                let rest = key.strip_prefix("f/")?;
                let (id, stage) = rest.split_once('-')?;
                self.function(id.parse().ok()?, stage_by_name(stage)?)?
            }
        };
        // `</script>` inside a string must not end an inline script; escaping `/` after `<`
        // keeps the data valid JavaScript in every context.
        let text = serde_json::to_string(&data).ok()?.replace("</", "<\\/");
        Some(format!("rpyView.loaded({}, {text});\n", Value::String(key.to_string())))
    }

    fn index(&self) -> Value {
        let m = &self.model;
        let functions: Vec<Value> = m
            .functions
            .iter()
            .enumerate()
            .map(|(i, f)| {
                json!({
                    "id": i,
                    "name": f.name,
                    "short": f.short_name(),
                    "stages": STAGES.iter().map(|s| f.graph(*s).is_some()).collect::<Vec<_>>(),
                    "error": f.error.is_some(),
                })
            })
            .collect();
        let mut errors = Map::new();
        for s in STAGES {
            if let Some(e) = &m.stage_errors[stage_index(s)] {
                errors.insert(stage_name(s).into(), Value::String(e.clone()));
            }
        }
        let failure = m.failure.as_ref().map(|f| {
            json!({
                "message": f.message,
                "at": f.at.map(|p| json!({ "func": p.func, "stage": stage_name(p.stage), "block": p.block, "op": p.op, "exit": p.exit })),
            })
        });
        json!({
            "program": m.program,
            "stages": STAGES.iter().map(|s| stage_name(*s)).collect::<Vec<_>>(),
            "stageErrors": errors,
            "functions": functions,
            "entry": m.functions.iter().position(|f| f.short_name() == "main"),
            "failure": failure,
        })
    }

    fn function(&self, func: usize, stage: rpy_driver::Stage) -> Option<Value> {
        let m = &self.model;
        let f = m.functions.get(func)?;
        let highlight = m.failure.as_ref().and_then(|x| x.at);
        let mut data = json!({
            "func": func,
            "stage": stage_name(stage),
            "name": f.name,
            "callers": callers(m, func),
            "callees": called(m, func),
            "error": f.error,
        });
        let Some(g) = f.graph(stage) else {
            data["missing"] = Value::String(m.stage_errors[stage_index(stage)].clone().unwrap_or_else(|| format!("{} has no graph at the {} stage", f.name, stage_name(stage))));
            return Some(data);
        };
        data["svg"] = Value::String(crate::svg::graph_svg(m, func, stage, highlight)?.svg);
        let mut vars = Map::new();
        for (v, info) in g.vars.iter().enumerate() {
            vars.insert(v.to_string(), json!({ "name": info.name, "ann": info.annotation, "ll": info.lltype }));
        }
        data["vars"] = Value::Object(vars);
        let mut ops = Map::new();
        for b in &g.blocks {
            for (k, op) in b.ops.iter().enumerate() {
                let (loc, src) = if op.span.is_dummy() {
                    (Value::Null, Value::Null)
                } else {
                    let line = m.sources.get(op.span.file).map(|file| file.line_text(file.line_col(op.span.start).0).to_string());
                    (Value::String(m.sources.describe(op.span)), json!(line))
                };
                let args: Vec<String> = op
                    .args
                    .iter()
                    .map(|a| match a {
                        Arg::Var(v) => format!("v{v}"),
                        Arg::Const { text, .. } => text.clone(),
                    })
                    .collect();
                ops.insert(format!("{}.{k}", b.id), json!({ "text": format!("v{} = {} {}", op.result, op.name, args.join(", ")), "loc": loc, "src": src }));
            }
        }
        data["ops"] = Value::Object(ops);
        Some(data)
    }

    /// Every file of the site.
    pub fn paths(&self) -> Vec<String> {
        let mut out: Vec<String> = ["index.html", "viewer.js", "viewer.css", "data/index.js", "data/callgraph.js", "data/classes.js"].iter().map(|s| s.to_string()).collect();
        for (i, f) in self.model.functions.iter().enumerate() {
            let _ = f;
            for s in STAGES {
                out.push(format!("data/f/{i}-{}.js", stage_name(s)));
            }
        }
        out
    }

    /// Writes every file under `dir`; returns how many.
    pub fn write_static(&self, dir: &Path) -> Result<usize, String> {
        let paths = self.paths();
        for p in &paths {
            let Some(file) = self.get(p) else { continue };
            let target = dir.join(p);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&target, file.body.as_slice()).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
            // Written files need not stay in memory.
            if let Ok(mut c) = self.cache.lock() {
                c.remove(p.as_str());
            }
        }
        Ok(paths.len())
    }
}
