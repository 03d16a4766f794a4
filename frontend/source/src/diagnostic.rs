//! Diagnostics as data until the last moment, then rendered with codespan-reporting.
//!
//! Every user-facing error has a stable code from the `ErrorCode` table, a primary label at the
//! offending expression, one secondary label for each place that contributed to the conflict,
//! notes and a hint.

use crate::{SourceMap, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::ops::Range;

macro_rules! error_codes {
    ($($variant:ident => $name:literal, $summary:literal;)*) => {
        /// The stable codes of rpy's diagnostics: one row per kind of error.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum ErrorCode { $($variant,)* }

        impl ErrorCode {
            /// The kebab-case name shown as `error[name]`.
            pub fn name(self) -> &'static str {
                match self { $(ErrorCode::$variant => $name,)* }
            }
            /// One line saying what this kind of error means.
            pub fn summary(self) -> &'static str {
                match self { $(ErrorCode::$variant => $summary,)* }
            }
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];
        }
    };
}

error_codes! {
    Syntax => "syntax-error", "the file is not valid Python 3";
    UnsupportedSyntax => "unsupported-syntax", "valid Python that RPy does not support";
    UnknownModule => "unknown-module", "an import of a module that is neither local nor an RPy library module";
    UnknownName => "unknown-name", "a name that is not defined at this point";
    GlobalRebind => "global-rebind", "a function assigns a module-level name";
    ModuleLevel => "module-level", "module-level code that cannot be evaluated at translation time";
    TypeConflict => "type-conflict", "one place would hold values of two incompatible types";
    BadOperation => "bad-operation", "an operation that is not defined for the inferred types";
    BadCall => "bad-call", "a call whose arguments do not match the function";
    NoEntryPoint => "no-entry-point", "the program has neither main(argv) nor target()";
    Internal => "internal-error", "a bug in rpy itself";
    Io => "io-error", "a file could not be read or written";
    Tool => "tool-error", "an external tool (the C compiler, the linker) failed";
}

/// A message attached to a span.
#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(span: Span, message: impl Into<String>) -> Label {
        Label { span, message: message.into() }
    }
}

/// One error, before rendering.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: ErrorCode,
    pub message: String,
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, message: message.into(), primary: None, secondary: vec![], notes: vec![], help: None }
    }

    pub fn at(code: ErrorCode, span: Span, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        Diagnostic::new(code, message).with_primary(span, "")
    }

    pub fn with_primary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.primary = Some(Label::new(span, label));
        self
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label::new(span, label));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// An internal compiler error: says so and asks for a bug report.
    pub fn internal(message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(ErrorCode::Internal, format!("internal error: {}", message.into()))
            .with_note("this is a bug in rpy; please report it with the program that triggers it")
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.primary.as_ref().map(|l| l.span)
    }
}

struct FilesAdapter<'a>(&'a SourceMap);

impl<'a> Files<'a> for FilesAdapter<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0.get(crate::FileId(id)).map(|f| f.name.as_str()).ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0.get(crate::FileId(id)).map(|f| f.text.as_str()).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.0.get(crate::FileId(id)).ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index as u32).0 as usize - 1)
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self.0.get(crate::FileId(id)).ok_or(FilesError::FileMissing)?;
        if line_index >= f.line_starts.len() {
            return Err(FilesError::LineTooLarge { given: line_index, max: f.line_starts.len() - 1 });
        }
        let start = f.line_starts[line_index] as usize;
        let end = f.line_starts.get(line_index + 1).map_or(f.text.len(), |&e| e as usize);
        Ok(start..end)
    }
}

fn to_codespan(diag: &Diagnostic, sources: &SourceMap) -> cs::Diagnostic<u32> {
    let mut labels = vec![];
    let valid = |s: Span| !s.is_dummy() && sources.get(s.file).is_some_and(|f| (s.end as usize) <= f.text.len());
    if let Some(p) = &diag.primary {
        if valid(p.span) {
            labels.push(cs::Label::primary(p.span.file.0, p.span.start as usize..p.span.end as usize).with_message(&p.message));
        }
    }
    for s in &diag.secondary {
        if valid(s.span) {
            labels.push(cs::Label::secondary(s.span.file.0, s.span.start as usize..s.span.end as usize).with_message(&s.message));
        }
    }
    let mut notes: Vec<String> = diag.notes.iter().map(|n| format!("note: {n}")).collect();
    // Labels outside any file still deserve their text.
    for s in diag.secondary.iter().filter(|s| !valid(s.span) && !s.message.is_empty()) {
        notes.push(format!("note: {}", s.message));
    }
    if let Some(h) = &diag.help {
        notes.push(format!("help: {h}"));
    }
    cs::Diagnostic::error().with_code(diag.code.name()).with_message(&diag.message).with_labels(labels).with_notes(notes)
}

/// Renders diagnostics as text (`error[code]: message`, `--> file:line:col`, snippets).
pub fn render_diagnostics(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let files = FilesAdapter(sources);
    let mut config = term::Config { chars: term::Chars::ascii(), ..Default::default() };
    config.start_context_lines = 1;
    config.end_context_lines = 1;
    let mut buffer = if color { term::termcolor::Buffer::ansi() } else { term::termcolor::Buffer::no_color() };
    for d in diags {
        let cd = to_codespan(d, sources);
        if term::emit(&mut buffer, &config, &files, &cd).is_err() {
            // Fall back to a plain line if a span does not fit its file.
            let loc = d.primary_span().map(|s| sources.describe(s)).unwrap_or_default();
            buffer_write(&mut buffer, &format!("error[{}]: {}\n  --> {}\n", d.code.name(), d.message, loc));
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn buffer_write(buffer: &mut term::termcolor::Buffer, text: &str) {
    use std::io::Write;
    let _ = buffer.write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_and_underline() {
        let mut sources = SourceMap::new();
        let f = sources.add("calc.py", "calc", "x = 1\ny = x + 'a'\n");
        let d = Diagnostic::new(ErrorCode::BadOperation, "cannot add `int` and `str`")
            .with_primary(Span::new(f, 10, 17), "here")
            .with_secondary(Span::new(f, 0, 1), "`x` is `int` because of this")
            .with_help("convert with str(x)");
        let text = render_diagnostics(&[d], &sources, false);
        assert!(text.contains("error[bad-operation]: cannot add `int` and `str`"), "{text}");
        assert!(text.contains("calc.py:2:5"), "{text}");
        assert!(text.contains("^^^^^^^"), "{text}");
        assert!(text.contains("help: convert with str(x)"), "{text}");
    }

    #[test]
    fn line_col_counts_characters() {
        let mut sources = SourceMap::new();
        let f = sources.add("u.py", "u", "s = 'é'; t = 1\n");
        let file = sources.file(f);
        assert_eq!(file.line_col(0), (1, 1));
        // 'é' is two bytes but one column.
        assert_eq!(file.line_col(11), (1, 11));
        assert_eq!(file.line_text(1), "s = 'é'; t = 1");
    }
}
