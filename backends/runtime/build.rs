//! Generates the runtime's Unicode database (`$OUT_DIR/unicode_db.c`) from the text files of
//! the Unicode Character Database: general categories, simple and full case mappings, case
//! folding, decimal/digit/numeric values and the character classes str methods need.
//!
//! The UCD files come from Debian's `unicode-data` package (`/usr/share/unicode`); the
//! environment variable `RPY_UCD_DIR` names another directory with the same layout.
//!
//! The properties follow CPython's definitions (Tools/unicode/makeunicodedata.py describes
//! them; the code here is our own):
//! - alpha: categories Lm Lt Lu Ll Lo; decimal/digit/numeric: UnicodeData fields 6/7/8 and
//!   the Unihan numeric values (through extracted/DerivedNumericValues.txt);
//! - lower/upper: the derived properties Lowercase/Uppercase; title: category Lt;
//! - space: bidirectional class WS, B or S, or category Zs;
//! - line break: line break class BK, CR, LF or NL, or bidirectional class B;
//! - printable: ' ' and every character outside categories C* and Z*;
//! - XID_Start, XID_Continue, Cased, Case_Ignorable: the derived properties;
//! - full case mappings: the unconditional entries of SpecialCasing.txt, else the simple
//!   mappings (a missing titlecase mapping is the uppercase one); case folding: the C and F
//!   entries of CaseFolding.txt, else the character itself.
//!
//! Derived properties apply to assigned characters only (those of UnicodeData.txt).
//!
//! Layout: one record per distinct combination of properties, and a two-level table
//! (`index1[cp >> SHIFT]` selects a block, `index2[block << SHIFT | cp & MASK]` the record);
//! the shift is the one giving the smallest tables.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DEFAULT_DIR: &str = "/usr/share/unicode";
const NCP: usize = 0x110000;

/// Must match the RPY_UCAT_* enum in c/text.h (the generated file asserts it).
const CATEGORIES: [&str; 30] = [
    "Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
    "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co",
];

/// Must match the RPY_UCD_* flags in c/text.h (the generated file asserts it).
const F_ALPHA: u16 = 0x0001;
const F_DECIMAL: u16 = 0x0002;
const F_DIGIT: u16 = 0x0004;
const F_NUMERIC: u16 = 0x0008;
const F_LOWER: u16 = 0x0010;
const F_UPPER: u16 = 0x0020;
const F_TITLE: u16 = 0x0040;
const F_SPACE: u16 = 0x0080;
const F_LINEBREAK: u16 = 0x0100;
const F_PRINTABLE: u16 = 0x0200;
const F_XID_START: u16 = 0x0400;
const F_XID_CONTINUE: u16 = 0x0800;
const F_CASED: u16 = 0x1000;
const F_CASE_IGNORABLE: u16 = 0x2000;

const FLAG_NAMES: [(&str, u16); 14] = [
    ("ALPHA", F_ALPHA),
    ("DECIMAL", F_DECIMAL),
    ("DIGIT", F_DIGIT),
    ("NUMERIC", F_NUMERIC),
    ("LOWER", F_LOWER),
    ("UPPER", F_UPPER),
    ("TITLE", F_TITLE),
    ("SPACE", F_SPACE),
    ("LINEBREAK", F_LINEBREAK),
    ("PRINTABLE", F_PRINTABLE),
    ("XID_START", F_XID_START),
    ("XID_CONTINUE", F_XID_CONTINUE),
    ("CASED", F_CASED),
    ("CASE_IGNORABLE", F_CASE_IGNORABLE),
];

const FILES: [&str; 6] = [
    "UnicodeData.txt",
    "SpecialCasing.txt",
    "CaseFolding.txt",
    "DerivedCoreProperties.txt",
    "LineBreak.txt",
    "extracted/DerivedNumericValues.txt",
];

fn fail(msg: &str) -> ! {
    eprintln!("error: {msg}");
    println!("cargo:warning={}", msg.replace('\n', " "));
    std::process::exit(1);
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RPY_UCD_DIR");
    let dir = match std::env::var_os("RPY_UCD_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(DEFAULT_DIR),
    };
    for f in FILES {
        let p = dir.join(f);
        println!("cargo:rerun-if-changed={}", p.display());
        if !p.is_file() {
            fail(&format!(
                "rpy_runtime needs the Unicode Character Database, but {} does not exist.\n\
                 Install Debian's `unicode-data` package (`apt-get install unicode-data`), which \
                 provides {DEFAULT_DIR}, or set RPY_UCD_DIR to a directory holding the UCD text \
                 files ({}).",
                p.display(),
                FILES.join(", ")
            ));
        }
    }
    let db = Ucd::load(&dir);
    let text = generate(&db);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set by cargo"));
    let path = out.join("unicode_db.c");
    // Only rewrite when changed, so dependants do not rebuild needlessly.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text).unwrap_or_else(|e| fail(&format!("writing {}: {e}", path.display())));
    }
}

// ---------------------------------------------------------------------------- parsing

fn read(dir: &Path, name: &str) -> String {
    let p = dir.join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| fail(&format!("reading {}: {e}", p.display())))
}

fn hex(s: &str, file: &str) -> u32 {
    let v = u32::from_str_radix(s.trim(), 16)
        .unwrap_or_else(|_| fail(&format!("{file}: bad code point {s:?}")));
    if v as usize >= NCP {
        fail(&format!("{file}: code point {s} out of range"));
    }
    v
}

fn hex_seq(s: &str, file: &str) -> Vec<u32> {
    s.split_whitespace().map(|x| hex(x, file)).collect()
}

/// "XXXX" or "XXXX..YYYY".
fn range(s: &str, file: &str) -> std::ops::RangeInclusive<u32> {
    match s.trim().split_once("..") {
        Some((a, b)) => hex(a, file)..=hex(b, file),
        None => {
            let a = hex(s, file);
            a..=a
        }
    }
}

/// The data lines of a UCD file: comments stripped, fields split on ';' and trimmed.
fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter_map(|l| {
        let l = l.split('#').next().unwrap_or("");
        if l.trim().is_empty() {
            None
        } else {
            Some(l.split(';').map(str::trim).collect())
        }
    })
}

struct Ucd {
    version: String,
    assigned: Vec<bool>,
    category: Vec<u8>,
    flags: Vec<u16>,
    decimal: Vec<i8>,
    digit: Vec<i8>,
    /// Numeric value as a C expression ("" when none).
    numeric: Vec<String>,
    upper: Vec<u32>,
    lower: Vec<u32>,
    title: Vec<u32>,
    special: HashMap<u32, [Vec<u32>; 3]>, // lower, title, upper
    folding: HashMap<u32, Vec<u32>>,
}

impl Ucd {
    fn load(dir: &Path) -> Ucd {
        let mut db = Ucd {
            version: String::new(),
            assigned: vec![false; NCP],
            category: vec![0; NCP],
            flags: vec![0; NCP],
            decimal: vec![-1; NCP],
            digit: vec![-1; NCP],
            numeric: vec![String::new(); NCP],
            upper: (0..NCP as u32).collect(),
            lower: (0..NCP as u32).collect(),
            title: (0..NCP as u32).collect(),
            special: HashMap::new(),
            folding: HashMap::new(),
        };

        // UnicodeData.txt
        let f = "UnicodeData.txt";
        let text = read(dir, f);
        let mut first: Option<u32> = None;
        let mut has_title = vec![false; NCP];
        for fields in text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.split(';').collect::<Vec<_>>()) {
            if fields.len() < 15 {
                fail(&format!("{f}: bad line {:?}", fields.join(";")));
            }
            let cp = hex(fields[0], f);
            let name = fields[1];
            let lo = if name.ends_with(", First>") {
                first = Some(cp);
                continue;
            } else if name.ends_with(", Last>") {
                first.take().unwrap_or_else(|| fail(&format!("{f}: range end without start at {cp:04X}")))
            } else {
                cp
            };
            let cat = CATEGORIES
                .iter()
                .position(|c| *c == fields[2])
                .unwrap_or_else(|| fail(&format!("{f}: unknown category {}", fields[2]))) as u8;
            let bidi = fields[4];
            for c in lo..=cp {
                let i = c as usize;
                db.assigned[i] = true;
                db.category[i] = cat;
                let mut fl = 0;
                if matches!(fields[2], "Lm" | "Lt" | "Lu" | "Ll" | "Lo") {
                    fl |= F_ALPHA;
                }
                if fields[2] == "Lt" {
                    fl |= F_TITLE;
                }
                if fields[2] == "Zs" || matches!(bidi, "WS" | "B" | "S") {
                    fl |= F_SPACE;
                }
                if bidi == "B" {
                    fl |= F_LINEBREAK;
                }
                if c == 0x20 || !(fields[2].starts_with('C') || fields[2].starts_with('Z')) {
                    fl |= F_PRINTABLE;
                }
                if !fields[6].is_empty() {
                    fl |= F_DECIMAL;
                    db.decimal[i] = fields[6].parse().unwrap_or_else(|_| fail(&format!("{f}: bad decimal at {c:04X}")));
                }
                if !fields[7].is_empty() {
                    fl |= F_DIGIT;
                    db.digit[i] = fields[7].parse().unwrap_or_else(|_| fail(&format!("{f}: bad digit at {c:04X}")));
                }
                if !fields[12].is_empty() {
                    db.upper[i] = hex(fields[12], f);
                }
                if !fields[13].is_empty() {
                    db.lower[i] = hex(fields[13], f);
                }
                if !fields[14].is_empty() {
                    db.title[i] = hex(fields[14], f);
                    has_title[i] = true;
                }
                db.flags[i] |= fl;
            }
        }
        for i in 0..NCP {
            if !has_title[i] {
                db.title[i] = db.upper[i];
            }
        }

        // DerivedCoreProperties.txt (its first line names the version)
        let f = "DerivedCoreProperties.txt";
        let text = read(dir, f);
        db.version = text
            .lines()
            .next()
            .and_then(|l| l.trim_start_matches('#').trim().strip_prefix("DerivedCoreProperties-"))
            .and_then(|l| l.strip_suffix(".txt"))
            .unwrap_or("unknown")
            .to_string();
        for fields in data_lines(&text) {
            let flag = match fields.get(1).copied() {
                Some("Lowercase") => F_LOWER,
                Some("Uppercase") => F_UPPER,
                Some("Cased") => F_CASED,
                Some("Case_Ignorable") => F_CASE_IGNORABLE,
                Some("XID_Start") => F_XID_START,
                Some("XID_Continue") => F_XID_CONTINUE,
                _ => continue,
            };
            for c in range(fields[0], f) {
                if db.assigned[c as usize] {
                    db.flags[c as usize] |= flag;
                }
            }
        }

        // LineBreak.txt: mandatory breaks
        let f = "LineBreak.txt";
        for fields in data_lines(&read(dir, f)) {
            if matches!(fields.get(1).copied(), Some("BK" | "CR" | "LF" | "NL")) {
                for c in range(fields[0], f) {
                    if db.assigned[c as usize] {
                        db.flags[c as usize] |= F_LINEBREAK;
                    }
                }
            }
        }

        // extracted/DerivedNumericValues.txt: field 3 is the value as a rational
        let f = "extracted/DerivedNumericValues.txt";
        for fields in data_lines(&read(dir, f)) {
            if fields.len() < 4 {
                fail(&format!("{f}: bad line {:?}", fields.join(";")));
            }
            let value = rational_expr(fields[3]).unwrap_or_else(|| fail(&format!("{f}: bad value {:?}", fields[3])));
            for c in range(fields[0], f) {
                if db.assigned[c as usize] {
                    db.flags[c as usize] |= F_NUMERIC;
                    db.numeric[c as usize] = value.clone();
                }
            }
        }

        // SpecialCasing.txt: unconditional entries only (the final sigma rule is in text.c)
        let f = "SpecialCasing.txt";
        for fields in data_lines(&read(dir, f)) {
            if fields.len() < 4 {
                fail(&format!("{f}: bad line {:?}", fields.join(";")));
            }
            if fields.get(4).map_or(false, |c| !c.is_empty()) {
                continue;
            }
            let c = hex(fields[0], f);
            let seqs = [hex_seq(fields[1], f), hex_seq(fields[2], f), hex_seq(fields[3], f)];
            if seqs.iter().any(|s| s.is_empty() || s.len() > 3) {
                fail(&format!("{f}: unexpected mapping length at {c:04X}"));
            }
            db.special.insert(c, seqs);
        }

        // CaseFolding.txt: common and full foldings
        let f = "CaseFolding.txt";
        for fields in data_lines(&read(dir, f)) {
            if fields.len() < 3 {
                fail(&format!("{f}: bad line {:?}", fields.join(";")));
            }
            if fields[1] == "C" || fields[1] == "F" {
                let seq = hex_seq(fields[2], f);
                if seq.is_empty() || seq.len() > 3 {
                    fail(&format!("{f}: unexpected folding length at {}", fields[0]));
                }
                db.folding.insert(hex(fields[0], f), seq);
            }
        }
        if db.special.is_empty() || db.folding.is_empty() || !db.assigned[0x41] {
            fail("the UCD files look empty");
        }
        db
    }
}

/// "3", "-1/2", "1000000000000" -> a C double expression.
fn rational_expr(s: &str) -> Option<String> {
    let (n, d) = match s.split_once('/') {
        Some((n, d)) => (n.trim().parse::<i64>().ok()?, d.trim().parse::<i64>().ok()?),
        None => (s.trim().parse::<i64>().ok()?, 1),
    };
    if d <= 0 {
        return None;
    }
    Some(if d == 1 { format!("{n}.0") } else { format!("{n}.0/{d}.0") })
}

// ---------------------------------------------------------------------------- tables

#[derive(Clone, PartialEq, Eq, Hash)]
struct Record {
    flags: u16,
    category: u8,
    decimal: i8,
    digit: i8,
    numeric: u16,
    upper: i32,
    lower: i32,
    title: i32,
    special: u16,
}

/// Full mappings: lower, title, upper, fold.
type Special = [Vec<u32>; 4];

/// Interns values, handing out their indices in order of first appearance.
struct Interner<T: std::hash::Hash + Eq + Clone> {
    items: Vec<T>,
    map: HashMap<T, usize>,
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    fn new() -> Self {
        Interner { items: Vec::new(), map: HashMap::new() }
    }
    fn add(&mut self, v: T) -> usize {
        if let Some(&i) = self.map.get(&v) {
            return i;
        }
        self.items.push(v.clone());
        self.map.insert(v, self.items.len() - 1);
        self.items.len() - 1
    }
}

struct Split {
    shift: u32,
    index1: Vec<usize>,
    index2: Vec<usize>,
}

fn elem_size(max: usize) -> usize {
    if max < 256 {
        1
    } else if max < 65536 {
        2
    } else {
        4
    }
}

fn c_type(max: usize) -> &'static str {
    match elem_size(max) {
        1 => "uint8_t",
        2 => "uint16_t",
        _ => "uint32_t",
    }
}

/// The two-level split of `values` with the smallest total size.
fn best_split(values: &[usize]) -> Split {
    let vmax = values.iter().copied().max().unwrap_or(0);
    let mut best: Option<(usize, Split)> = None;
    for shift in 2..=12u32 {
        let bsize = 1usize << shift;
        let mut blocks: Interner<Vec<usize>> = Interner::new();
        let index1: Vec<usize> = values.chunks(bsize).map(|b| blocks.add(b.to_vec())).collect();
        let index2: Vec<usize> = blocks.items.concat();
        let size = index1.len() * elem_size(blocks.items.len() - 1) + index2.len() * elem_size(vmax);
        if best.as_ref().map_or(true, |(s, _)| size < *s) {
            best = Some((size, Split { shift, index1, index2 }));
        }
    }
    best.unwrap().1
}

fn write_array(out: &mut String, decl: &str, items: impl IntoIterator<Item = String>) {
    writeln!(out, "{decl} = {{").unwrap();
    let mut line = String::from("   ");
    for it in items {
        if line.len() + it.len() + 2 > 100 {
            writeln!(out, "{}", line.trim_end()).unwrap();
            line = String::from("   ");
        }
        write!(line, " {it},").unwrap();
    }
    if line.trim().len() > 0 {
        writeln!(out, "{}", line.trim_end()).unwrap();
    }
    writeln!(out, "}};").unwrap();
}

fn generate(db: &Ucd) -> String {
    let mut numerics: Interner<String> = Interner::new();
    numerics.add(String::from("-1.0")); // index 0: none
    let mut specials: Interner<Special> = Interner::new();
    specials.add([vec![], vec![], vec![], vec![]]); // index 0: none
    let mut records: Interner<Record> = Interner::new();
    records.add(Record { flags: 0, category: 0, decimal: -1, digit: -1, numeric: 0, upper: 0, lower: 0, title: 0, special: 0 });
    let mut rec_of = Vec::with_capacity(NCP);
    for cp in 0..NCP as u32 {
        let i = cp as usize;
        if !db.assigned[i] {
            rec_of.push(0);
            continue;
        }
        let (lo, up, ti) = (db.lower[i], db.upper[i], db.title[i]);
        let full = match db.special.get(&cp) {
            Some([l, t, u]) => [l.clone(), t.clone(), u.clone()],
            None => [vec![lo], vec![ti], vec![up]],
        };
        let fold = db.folding.get(&cp).cloned().unwrap_or_else(|| vec![cp]);
        let special = if full[0] == [lo] && full[1] == [ti] && full[2] == [up] && fold == [lo] {
            0
        } else {
            specials.add([full[0].clone(), full[1].clone(), full[2].clone(), fold])
        };
        let numeric = if db.numeric[i].is_empty() { 0 } else { numerics.add(db.numeric[i].clone()) };
        let r = Record {
            flags: db.flags[i],
            category: db.category[i],
            decimal: db.decimal[i],
            digit: db.digit[i],
            numeric: numeric as u16,
            upper: up as i32 - cp as i32,
            lower: lo as i32 - cp as i32,
            title: ti as i32 - cp as i32,
            special: special as u16,
        };
        rec_of.push(records.add(r));
    }
    assert!(numerics.items.len() < 65536 && specials.items.len() < 65536);
    let split = best_split(&rec_of);
    let nblocks = split.index2.len() >> split.shift;

    let mut out = String::new();
    writeln!(
        out,
        "/* The Unicode database of the rpy runtime, generated by backends/runtime/build.rs from the\n \
         * Unicode Character Database {} -- do not edit. {} records, {} full case mappings,\n \
         * {} numeric values; two-level table with shift {} ({} blocks). */",
        db.version,
        records.items.len(),
        specials.items.len() - 1,
        numerics.items.len() - 1,
        split.shift,
        nblocks
    )
    .unwrap();
    writeln!(out, "#include \"rpy.h\"\n").unwrap();
    for (i, c) in CATEGORIES.iter().enumerate() {
        writeln!(out, "_Static_assert(RPY_UCAT_{c} == {i}, \"category numbering\");").unwrap();
    }
    for (name, v) in FLAG_NAMES {
        writeln!(out, "_Static_assert(RPY_UCD_{name} == 0x{v:04x}, \"flag values\");").unwrap();
    }
    writeln!(out, "\nconst char rpy_unicode_version[] = \"{}\";\n", db.version).unwrap();

    write_array(
        &mut out,
        &format!("const rpy_ucd_record rpy_ucd_records[{}]", records.items.len()),
        records.items.iter().map(|r| {
            format!(
                "{{0x{:04x}, {}, {}, {}, {}, {}, {}, {}, {}}}",
                r.flags, r.category, r.decimal, r.digit, r.numeric, r.upper, r.lower, r.title, r.special
            )
        }),
    );
    let seq = |s: &Vec<u32>| {
        let mut t = format!("{{{}, {{", s.len());
        for (k, c) in s.iter().enumerate() {
            if k > 0 {
                t.push_str(", ");
            }
            write!(t, "0x{c:04x}").unwrap();
        }
        if s.is_empty() {
            t.push('0');
        }
        t.push_str("}}");
        t
    };
    write_array(
        &mut out,
        &format!("const rpy_ucd_special rpy_ucd_specials[{}]", specials.items.len()),
        specials.items.iter().map(|s| format!("{{{}, {}, {}, {}}}", seq(&s[0]), seq(&s[1]), seq(&s[2]), seq(&s[3]))),
    );
    write_array(
        &mut out,
        &format!("const double rpy_ucd_numeric_values[{}]", numerics.items.len()),
        numerics.items.iter().cloned(),
    );
    write_array(
        &mut out,
        "const uint16_t rpy_ucd_ascii_flags[128]",
        (0..128).map(|c| format!("0x{:04x}", records.items[rec_of[c]].flags)),
    );
    writeln!(out, "\n#define SHIFT {}", split.shift).unwrap();
    write_array(
        &mut out,
        &format!("static const {} index1[{}]", c_type(nblocks - 1), split.index1.len()),
        split.index1.iter().map(|v| v.to_string()),
    );
    write_array(
        &mut out,
        &format!("static const {} index2[{}]", c_type(records.items.len() - 1), split.index2.len()),
        split.index2.iter().map(|v| v.to_string()),
    );
    writeln!(
        out,
        "\nconst rpy_ucd_record *rpy_ucd_lookup(UniChar c) {{\n    \
         if (c >= 0x110000) return &rpy_ucd_records[0];\n    \
         return &rpy_ucd_records[index2[((uint32_t)index1[c >> SHIFT] << SHIFT) | (c & ((1u << SHIFT) - 1))]];\n}}"
    )
    .unwrap();
    out
}
