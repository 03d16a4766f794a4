//! Differential test of the C runtime's formatting (`c/format.c`) against CPython.
//!
//! The test writes a file of cases (repr of floats, format specs for int/float/str, %-formatting,
//! hex/oct/bin, fixed-point), compiles `format.c` with a test-only support file and a driver
//! (`tests/support/`) using the system C compiler, runs the driver on the cases, runs `python3`
//! on the same cases, and compares the outputs line by line. It also checks that `format.c`
//! compiles without warnings under `-Wall -Wextra` and that the driver runs clean under
//! AddressSanitizer + UndefinedBehaviorSanitizer (skipped when the compiler lacks them).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{compiler, run_tool, sanitize_env, Fixture, Rng, SANITIZE};

// ---------------------------------------------------------------------------- cases

fn hex(s: &str) -> String {
    if s.is_empty() {
        "-".to_string()
    } else {
        s.bytes().map(|b| format!("{b:02x}")).collect()
    }
}

fn unhex(h: &str) -> String {
    if h == "-" {
        return String::new();
    }
    let bytes: Vec<u8> = (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn bits(f: f64) -> String {
    format!("{:x}", f.to_bits())
}

fn pow2(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// Floats for repr: random bit patterns, integers, powers of ten and two with their
/// neighbours, tiny/huge values, short decimals, halfway cases, zeros, infinities, NaNs.
fn repr_floats(rng: &mut Rng) -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0xfff8_0000_0000_0000),
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        f64::from_bits(1),
        f64::from_bits(0x000f_ffff_ffff_ffff),
        f64::from_bits(f64::MAX.to_bits() - 1),
        0.1 + 0.2,
        1.0 / 3.0,
        2.0 / 3.0,
        0.1,
        0.2,
        0.3,
        1e23,
        9007199254740993.0,
        123456789012345.0,
        1234567890123456.0,
        12345678901234567.0,
        0.0001,
        0.00001,
        1.5e-5,
        2.5e100,
        5e-324,
        1.7976931348623157e308,
        2.2250738585072014e-308,
        2.2250738585072009e-308,
        4.35e-321,
        9.999999999999999e22,
        std::f64::consts::PI,
        std::f64::consts::E,
    ];
    for _ in 0..20000 {
        v.push(f64::from_bits(rng.next()));
    }
    for i in 0..=300 {
        v.push(i as f64);
    }
    for k in 0..=64 {
        let p = (2f64).powi(k);
        v.extend([p, p + 1.0, p - 1.0]);
    }
    for e in -325..=308 {
        let p: f64 = format!("1e{e}").parse().unwrap();
        v.push(p);
        if p > 0.0 && p.is_finite() {
            v.push(f64::from_bits(p.to_bits() + 1));
            v.push(f64::from_bits(p.to_bits() - 1));
        }
        let q: f64 = format!("{}e{e}", rng.below(999_999_999) + 1).parse().unwrap();
        v.push(q);
    }
    for k in -1074..=1023 {
        let p = pow2(k);
        v.push(p);
        if p.to_bits() > 1 {
            v.push(f64::from_bits(p.to_bits() - 1));
        }
        v.push(f64::from_bits(p.to_bits() + 1));
    }
    for _ in 0..6000 {
        let ndig = 1 + rng.below(17) as u32;
        let digits = rng.below(10_u64.pow(ndig));
        let exp = rng.below(50) as i32 - 25;
        v.push(format!("{digits}e{exp}").parse().unwrap());
    }
    for _ in 0..3000 {
        v.push((rng.next() >> 11) as f64 / (1u64 << 53) as f64);
    }
    for i in 0..200 {
        v.push(i as f64 + 0.5);
        v.push(i as f64 / 8.0);
        v.push(i as f64 / 1024.0);
    }
    let negs: Vec<f64> = v.iter().step_by(3).map(|x| -x).collect();
    v.extend(negs);
    v
}

/// A smaller set of floats for format specs.
fn spec_floats(rng: &mut Rng) -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0xfff8_0000_0000_0000),
        1.0,
        -1.0,
        0.5,
        1.5,
        2.5,
        -2.5,
        0.125,
        0.375,
        9.5,
        99.5,
        999.5,
        0.05,
        0.25,
        1234.5,
        -1234.5678,
        1234567.0,
        1234567.891,
        123456789012.345,
        1e15,
        1e16,
        1e17,
        1e20,
        1e22,
        1e100,
        -1e300,
        1.7976931348623157e308,
        1e-4,
        1e-5,
        9.9999e-5,
        0.00012345,
        1.5e-7,
        -1e-9,
        -4e-7,
        5e-324,
        2.2250738585072014e-308,
        0.1,
        0.3,
        1.0 / 3.0,
        2.0 / 3.0,
        100.0,
        10.0,
        99.99,
        0.999999,
        0.9999995,
        9.9999995,
        999999.5,
        9999999.0,
        123456.0,
        1234567890123456789.0,
        std::f64::consts::PI,
        -std::f64::consts::E,
        0.6666666666666666,
        42.0,
        -0.0001,
        5e-5,
        -5e-7,
    ];
    for _ in 0..40 {
        v.push(f64::from_bits(rng.next()));
    }
    for _ in 0..40 {
        let ndig = 1 + rng.below(9) as u32;
        let digits = rng.below(10_u64.pow(ndig));
        let exp = rng.below(24) as i32 - 12;
        let x: f64 = format!("{digits}e{exp}").parse().unwrap();
        v.push(if rng.below(3) == 0 { -x } else { x });
    }
    v
}

fn spec_ints(rng: &mut Rng) -> Vec<i64> {
    let mut v = vec![
        0,
        1,
        -1,
        7,
        -7,
        9,
        10,
        -10,
        42,
        65,
        99,
        100,
        127,
        128,
        255,
        -255,
        256,
        1000,
        -1000,
        1234,
        -1234,
        9999,
        65535,
        123456,
        1234567,
        -1234567,
        12345678,
        0x10ffff,
        0x110000,
        0xe9,
        0x1f600,
        0x7fff_ffff,
        1 << 53,
        (1 << 53) + 1,
        1_000_000_000_000,
        i64::MAX,
        i64::MIN,
        i64::MIN + 1,
        -(1 << 62),
    ];
    for _ in 0..30 {
        let width = rng.below(64) as u32;
        let x = (rng.next() >> (63 - width.min(62))) as i64;
        v.push(if rng.below(2) == 0 { -x } else { x });
    }
    v
}

const FILL_ALIGN: &[&str] = &[
    "<", ">", "^", "=", "*<", "*>", "*^", "*=", "0<", "0>", "0=", "0^", "é^", "😀>", "x=", " <",
    "<<", "==", "\u{0}>", ".>", "#<",
];
const SIGN: &[&str] = &["+", "-", " "];
const WIDTH: &[&str] = &["0", "1", "3", "5", "8", "9", "10", "12", "15", "20", "31"];
const GROUP: &[&str] = &[",", "_"];
const PREC: &[&str] = &[".0", ".1", ".2", ".3", ".4", ".6", ".10", ".15", ".16", ".17", ".20", ".30"];

fn random_spec(rng: &mut Rng, types: &[&str]) -> String {
    let mut s = String::new();
    s += rng.maybe(FILL_ALIGN);
    s += rng.maybe(SIGN);
    if rng.below(6) == 0 {
        s += "z";
    }
    if rng.below(3) == 0 {
        s += "#";
    }
    if rng.below(4) == 0 {
        s += "0";
    }
    s += rng.maybe(WIDTH);
    if rng.below(3) == 0 {
        s += *rng.pick(GROUP);
    }
    s += rng.maybe(PREC);
    s += *rng.pick(types);
    s
}

const COMMON_BAD_SPECS: &[&str] = &[
    "5x5", ",,", "__", ",_", "_,", "_,_", ".", "5.", ".f", ".,f", ".1,f", "x,", ",x,", "dd", "ss",
    "ff", "s ", "5 ", ", ", "é", ",é", "\u{1}", ",\u{1}", "\u{7f}", ",\u{7f}", "\u{80}", "~", ",~",
    "😀", ",😀", "^^^10", "+z#=5", "z+c", "99999999999999999999", "9223372036854775808",
    ".9223372036854775808", "1111111111111111111111111111111", "=", "z#", "=z", "=#", "=+",
    "=,", "+,", "+,d", "zs", "z.2s", ".2s", "=.2c", "x=.2", ".2", ".2n", ".2d", "z.2d", "#.2c",
    ".1x", ",c", "_c", ",n", "_n", ",x", ",X", ",b", ",o", "_s", ",s", "_x", "_b", "_o", "_X",
    "+c", "-c", " c", "#c", "+#c", "zc", "zd", "zx", "zn", "z", "+z", "z#x", "=c", "d", "x",
    "c", "s", "n", "%", "e", "\u{0}", "\u{0}<5", "{<5", ".2147483648f", ".3000000000f",
    ".2147483648", ".2147483648e", ".2147483648%", ".2147483648g", "9223372036854775807",
    ".9223372036854775807", ">9223372036854775807.1",
];

fn int_specs(rng: &mut Rng) -> Vec<String> {
    let mut v: Vec<String> = [
        "", "d", "b", "o", "x", "X", "n", "c", "#b", "#o", "#x", "#X", "+d", " d", "-d", "+", " ",
        "-", ",", "_", ",d", "_d", "_x", "_b", "_o", "#_x", "#010x", "#010X", "#012_x", "#012_b",
        "#012_o", "#012,d", "+#012,d", "010,", "09,", "08,", "07,", "06,", "05,", "04,", "03,",
        "02,", "01,", "011_", "012_x", "013_x", "0=8,", "x=8,", "0>8,", "0<8,", "*=10,", "=5",
        "0=5", "+05", " 05", "-05", "05", "<05", ">05", "^05", "=05", "x<05", "^10", "^9", "^+8",
        "^#8x", "é^7", "😀<5", "\u{0}<5", "{<5", "05c", "=5c", "<3c", "^5c", "e", "E", "f", "F",
        "g", "G", "%", ".2f", ".0f", ".3e", ",.2f", "_.2f", "z.2f", "z.3g", "#e", ".0e", ",.2%",
        "010.1f", "+.1e", "0010", "00", "0", "<", "1", "25", "+#x", "#", "#d", "=+#12,d",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(COMMON_BAD_SPECS.iter().map(|s| s.to_string()));
    let types = [
        "", "", "d", "b", "o", "x", "X", "n", "c", "e", "E", "f", "F", "g", "G", "%", "s",
    ];
    for _ in 0..250 {
        v.push(random_spec(rng, &types));
    }
    v
}

fn float_specs(rng: &mut Rng) -> Vec<String> {
    let mut v: Vec<String> = [
        "", "e", "E", "f", "F", "g", "G", "n", "%", ".0", ".1", ".2", ".3", ".5", ".12", ".16",
        ".17", ".18", ".25", ".0e", ".1e", ".3e", ".16e", ".20e", ".0f", ".1f", ".2f", ".10f",
        ".20f", ".0g", ".1g", ".2g", ".3g", ".10g", ".17g", ".20g", ".0%", ".1%", ".2%", "#",
        "#.0", "#.1", "#.2", "#.3", "#e", "#.0e", "#f", "#.0f", "#g", "#.0g", "#.1g", "#.3g",
        "#n", "#%", "#.0%", "+", " ", "-", "+e", " f", "+g", "+%", "z", "z.1", "z.1f", "z.0f",
        "z.1e", "z.1g", "z.0%", "z%", "z,", "+z.2f", ",", "_", ",.2f", "_.2f", ",f", "_f", ",g",
        ",.3", ",e", ",%", ",.2%", "010", "010f", "010,", "011,", "012,", "013,", "014,", "015,",
        "011,.2f", "012_.3f", "015,e", "015,.1e", "020,.1", "0=8,", "0=+12,.2f", "x=12,.1f",
        "0>12,.1f", "0<12,.1f", "*=12,", "=12", "0=12", "<12", ">12", "^12", "^10", "^9",
        "=^10", "é^11", "😀>9", "\u{0}<9", "08", "08,.2f", "+08.3f", "-08.3f", " 08.3f", "=+10",
        "010n", "#010.0f", "+#.0e", "30.20e", ".30", ".40f", ".500f", ".800e", ".1200f", ".1200e",
        ".1200g", ".1200", "#.1200g", ".330f", ".3000", "1000", "<1000", ".100%",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(COMMON_BAD_SPECS.iter().map(|s| s.to_string()));
    let types = ["", "", "", "e", "E", "f", "F", "g", "G", "n", "%", "d", "x", "c", "s"];
    for _ in 0..250 {
        v.push(random_spec(rng, &types));
    }
    v
}

fn str_specs(rng: &mut Rng) -> Vec<String> {
    let mut v: Vec<String> = [
        "", "s", "5", "10", "<10", ">10", "^10", "^9", "^8", "*^9", "é>7", "😀<6", ".0", ".1",
        ".2", ".3", ".10", "5.2s", ">6.2", "^7.1s", "05", ">05", "x<05", "0", "00", "000", "0010",
        "\u{0}^5", "x^3", "1000",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(COMMON_BAD_SPECS.iter().map(|s| s.to_string()));
    let types = ["", "", "", "s", "d", "c"];
    for _ in 0..150 {
        v.push(random_spec(rng, &types));
    }
    v
}

const STRS: &[&str] = &[
    "", "a", "ab", "abc", "hello world", "héllo", "日本語", "😀x", "a\tb", "x", "0", "-5",
    "a long string of thirty chars!!",
];

/// %-format cases: (format, args) with args as driver tokens.
fn percent_cases(rng: &mut Rng) -> Vec<(String, Vec<String>)> {
    let i = |v: i64| format!("i:{v}");
    let f = |v: f64| format!("f:{}", bits(v));
    let s = |v: &str| format!("s:{}", hex(v));
    let o = |v: &str| format!("o:{}", hex(v));
    let mut c: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |fmt: &str, args: Vec<String>| c.push((fmt.to_string(), args));
    let arg_sets: Vec<Vec<String>> = vec![
        vec![],
        vec![i(0)],
        vec![i(5)],
        vec![i(-5)],
        vec![s("ab")],
        vec![s("é")],
        vec![f(1.5)],
        vec![f(-0.0)],
        vec![i(2), i(3)],
    ];
    let fixed_fmts = [
        "%5%", "%-5%", "%.3%", "%d%%", "%(a)s", "%", "%5", "%y", "%é", "%.0d", "%.3d", "%05s",
        "%-05d", "%#x", "%#X", "%#o", "% d", "%+d", "%+ d", "% +d", "%c", "%5c", "%.2c",
        "%#5.3x", "%\u{1}", "%\u{7f}", "%~", "%\u{1f}", "%\u{20}", "%i", "%u", "%s %s",
        "%(a)s %s", "%s %(a)s", "%%", "abc", "%s%%%s", "%-%", "% %", "%*d", "%.*d", "%ld",
        "%hd", "%Ld", "%5ld", "%l", "%.f", "%.d", "%5.f|", "%.e", "%e", "%f", "%g", "%x", "%o",
        "%X", "%s", "%-6.2s|", "%99999999999999999999d", "%.99999999999999999999d",
        "%.2147483648f", "%.2147483647", "%.2147483648d", "%9223372036854775807d", "%-(a)s",
        "x%sy%dz", "%s😀%s", "é%dé", "%10.4f|", "%-10.4e|",
        "%+.3g", "%#.0f", "%#.0e", "%#g", "%#.3g", "%010.3f", "%-+8.2f|", "%0-8d|", "%08.3e",
        "%+08d", "% 08d", "%#08x", "%#08.3x", "%-#8o|", "%F", "%E", "%G",
    ];
    for fmt in fixed_fmts {
        for args in &arg_sets {
            add(fmt, args.clone());
        }
    }
    let inf = f64::INFINITY;
    let nan = f64::NAN;
    let fixed: Vec<(&str, Vec<String>)> = vec![
        ("%05f", vec![f(inf)]),
        ("%05f", vec![f(-inf)]),
        ("%05.1f", vec![f(nan)]),
        ("%f", vec![f(-nan)]),
        ("%+f", vec![f(-nan)]),
        ("%F", vec![f(inf)]),
        ("%E", vec![f(nan)]),
        ("%G", vec![f(1e-10)]),
        ("%-+5d", vec![i(3)]),
        ("%+.3e", vec![f(1.5)]),
        ("%x", vec![i(i64::MIN)]),
        ("%#o", vec![i(i64::MIN)]),
        ("%d", vec![i(i64::MIN)]),
        ("%d", vec![f(inf)]),
        ("%d", vec![f(-inf)]),
        ("%d", vec![f(nan)]),
        ("%x", vec![f(inf)]),
        ("%d", vec![f(1e30)]),
        ("%d", vec![f(-1e30)]),
        ("%d", vec![f(1e300)]),
        ("%i", vec![f(-0.5)]),
        ("%10d|", vec![f(-0.5)]),
        ("%d", vec![f(-0.0)]),
        ("%d", vec![f(9.999)]),
        ("%5.3d", vec![f(-7.9)]),
        ("%f", vec![i(i64::MAX)]),
        ("%g", vec![i(i64::MIN)]),
        ("%e", vec![i(5)]),
        ("%c", vec![i(0x110000)]),
        ("%c", vec![i(0x10ffff)]),
        ("%c", vec![i(-1)]),
        ("%c", vec![i(i64::MIN)]),
        ("%c", vec![i(0xe9)]),
        ("%-3c|", vec![i(0x1f600)]),
        ("%c", vec![s("")]),
        ("%c", vec![s("😀")]),
        ("%5c", vec![s("é")]),
        ("%c", vec![f(65.0)]),
        ("%f", vec![s("ab")]),
        ("%e", vec![s("ab")]),
        ("%g", vec![s("ab")]),
        ("%X", vec![s("ab")]),
        ("%*d", vec![s("a"), i(2)]),
        ("%*d", vec![i(-5), i(2)]),
        ("%*d|", vec![i(6), i(2)]),
        ("%-*d|", vec![i(6), i(2)]),
        ("%.*f", vec![i(-2), f(1.0)]),
        ("%.*f", vec![i(2), f(1.0)]),
        ("%.*s", vec![i(-1), s("abc")]),
        ("%.*s", vec![i(2), s("abc")]),
        ("%*.*f|", vec![i(10), i(3), f(3.14159)]),
        ("%*d", vec![i(1)]),
        ("%.500f", vec![f(1.0)]),
        ("%.1200f", vec![f(5e-324)]),
        ("%.800e", vec![f(0.1)]),
        ("%s", vec![f(1e16)]),
        ("%s", vec![f(-0.0)]),
        ("%s", vec![i(-12)]),
        ("%r", vec![o("'abc'")]),
        ("%a", vec![o("'\\xe9'")]),
        ("%-8r|", vec![o("[1, 2]")]),
        ("%.3r", vec![o("'abc'")]),
        ("%5.2r|", vec![o("'abc'")]),
        ("%r", vec![i(5)]),
        ("%r", vec![f(0.1)]),
        ("%a", vec![f(-1e300)]),
        ("%r %a %s", vec![o("'x'"), o("'y'"), o("z")]),
        ("%s and %s", vec![s("é"), s("日本")]),
        ("%s", vec![s("")]),
        ("%5s|", vec![s("日本")]),
        ("%-5s|", vec![s("日本")]),
        ("", vec![]),
        ("", vec![i(1)]),
        ("no percent", vec![]),
        ("trailing %", vec![]),
        ("trailing %", vec![i(1)]),
    ];
    for (fmt, args) in fixed {
        add(fmt, args);
    }
    // random conversions
    let flags = ["-", "+", " ", "#", "0"];
    let widths = ["", "", "1", "4", "7", "12", "20"];
    let precs = ["", "", ".", ".0", ".1", ".2", ".3", ".6", ".12", ".17", ".25"];
    let convs = ["d", "i", "u", "x", "X", "o", "e", "E", "f", "F", "g", "G", "s", "r", "c"];
    let floats = spec_floats(rng);
    let ints = spec_ints(rng);
    for _ in 0..6000 {
        let mut fmt = String::from("%");
        for fl in flags {
            if rng.below(4) == 0 {
                fmt += fl;
            }
        }
        fmt += *rng.pick(&widths);
        fmt += *rng.pick(&precs);
        let conv = *rng.pick(&convs);
        fmt += conv;
        if rng.below(3) == 0 {
            fmt = format!("<{fmt}>");
        }
        let arg = match (conv, rng.below(10)) {
            ("s", 0..=4) => s(*rng.pick(STRS)),
            ("r", 0..=4 | 9) => o(&format!("'{}'", rng.pick(STRS))),
            ("c", 0..=4) => s(&(*rng.pick(STRS)).chars().take(1).collect::<String>()),
            ("c", _) => i(rng.below(0x2000) as i64),
            (_, 0..=4) => i(*rng.pick(&ints)),
            (_, 5..=8) => f(*rng.pick(&floats)),
            _ => s(*rng.pick(STRS)),
        };
        add(&fmt, vec![arg]);
    }
    c
}

fn build_cases() -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = Vec::new();
    for x in repr_floats(&mut rng) {
        cases.push(format!("R {}", bits(x)));
    }
    let floats = spec_floats(&mut rng);
    for spec in float_specs(&mut rng) {
        for &x in &floats {
            cases.push(format!("FF {} {}", bits(x), hex(&spec)));
        }
    }
    let ints = spec_ints(&mut rng);
    for spec in int_specs(&mut rng) {
        for &x in &ints {
            cases.push(format!("FI {x} {}", hex(&spec)));
        }
    }
    for spec in str_specs(&mut rng) {
        for x in STRS {
            cases.push(format!("FS {} {}", hex(x), hex(&spec)));
        }
    }
    for &x in &ints {
        for base in [2, 8, 16] {
            cases.push(format!("B {x} {base} 1"));
            cases.push(format!("B {x} {base} 0"));
        }
        cases.push(format!("B {x} 10 0"));
    }
    for &x in floats.iter().step_by(2) {
        for p in (0..=20).chain([25, 50, 100, 330, 1100, 1200]) {
            cases.push(format!("X {} {p}", bits(x)));
        }
    }
    for (fmt, args) in percent_cases(&mut rng) {
        let mut line = format!("P {} {}", hex(&fmt), args.len());
        for a in args {
            write!(line, " {a}").unwrap();
        }
        cases.push(line);
    }
    cases
}

const PYTHON_SIDE: &str = r#"
import struct, sys

def fl(h):
    return struct.unpack('<d', struct.pack('<Q', int(h, 16)))[0]

def unhex(h):
    return '' if h == '-' else bytes.fromhex(h).decode('utf-8')

def hx(s):
    b = s.encode('utf-8', 'surrogatepass')
    return b.hex() if b else '-'

class Text:
    """An object whose str(), repr() and ascii() are the given text."""
    def __init__(self, t):
        self.t = t
    def __str__(self):
        return self.t
    __repr__ = __str__

out = []
with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        tok = line.split()
        if not tok:
            continue
        op = tok[0]
        try:
            if op == 'R':
                r = repr(fl(tok[1]))
            elif op == 'FI':
                r = format(int(tok[1]), unhex(tok[2]))
            elif op == 'FF':
                r = format(fl(tok[1]), unhex(tok[2]))
            elif op == 'FS':
                r = format(unhex(tok[1]), unhex(tok[2]))
            elif op == 'B':
                v, base, pre = int(tok[1]), int(tok[2]), tok[3] == '1'
                if pre:
                    r = {2: bin, 8: oct, 16: hex}[base](v)
                else:
                    r = format(v, {2: 'b', 8: 'o', 16: 'x', 10: 'd'}[base])
            elif op == 'X':
                r = format(fl(tok[1]), '.%df' % int(tok[2]))
            elif op == 'P':
                args = []
                for a in tok[3:3 + int(tok[2])]:
                    k, v = a[0], a[2:]
                    if k == 'i':
                        args.append(int(v))
                    elif k == 'f':
                        args.append(fl(v))
                    elif k == 's':
                        args.append(unhex(v))
                    else:
                        args.append(Text(unhex(v)))
                r = unhex(tok[1]) % tuple(args)
            else:
                raise SystemExit('unknown case ' + op)
            out.append('V ' + hx(r))
        except (ValueError, TypeError, OverflowError, MemoryError) as e:
            out.append('E %s %s' % (type(e).__name__, hx(str(e))))
sys.stdout.write('\n'.join(out) + '\n')
"#;

// ---------------------------------------------------------------------------- plumbing

fn work_dir() -> PathBuf {
    common::work_dir("format_c")
}

/// Compiles format.c + support + driver into `exe`.
fn compile_driver(exe: &Path, opt_level: u32, extra: &[&str]) -> Result<String, String> {
    let root = common::manifest_dir();
    let mut cmd = compiler(opt_level).to_command();
    cmd.arg("-Wall")
        .arg("-Wextra")
        .arg("-I")
        .arg(root.join("c"))
        .args(extra)
        .arg(root.join("c/format.c"))
        .arg(root.join("tests/support/format_support.c"))
        .arg(root.join("tests/support/format_driver.c"))
        .arg("-o")
        .arg(exe)
        .arg("-lm");
    run_tool(cmd, "compiling the format driver")
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| Fixture::new(&work_dir(), build_cases(), PYTHON_SIDE))
}

fn describe_result(line: &str) -> String {
    let mut parts = line.splitn(3, ' ');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("V"), Some(h), None) => format!("{:?}", unhex(h)),
        (Some("E"), Some(name), Some(h)) => format!("{name}({:?})", unhex(h)),
        _ => line.to_string(),
    }
}

fn describe_case(line: &str) -> String {
    let tok: Vec<&str> = line.split(' ').collect();
    let fl = |h: &str| f64::from_bits(u64::from_str_radix(h, 16).unwrap());
    match tok[0] {
        "R" => format!("repr({:e})", fl(tok[1])),
        "FI" => format!("format({}, {:?})", tok[1], unhex(tok[2])),
        "FF" => format!("format({:e}, {:?})", fl(tok[1]), unhex(tok[2])),
        "FS" => format!("format({:?}, {:?})", unhex(tok[1]), unhex(tok[2])),
        "X" => format!("format({:e}, '.{}f')", fl(tok[1]), tok[2]),
        "P" => {
            let args: Vec<String> = tok[3..]
                .iter()
                .map(|a| match &a[..1] {
                    "i" => a[2..].to_string(),
                    "f" => format!("{:e}", fl(&a[2..])),
                    _ => format!("{:?}", unhex(&a[2..])),
                })
                .collect();
            format!("{:?} % ({})", unhex(tok[1]), args.join(", "))
        }
        _ => line.to_string(),
    }
}

/// Runs the driver and compares its output with CPython's; panics listing mismatches.
fn run_and_compare(exe: &Path, env: &[(&str, &str)]) {
    let fx = fixture();
    let (mismatches, report) = fx.differences(exe, env, describe_case, describe_result, |_| false);
    eprintln!("format_c: compared {} cases", fx.cases.len());
    assert!(
        mismatches == 0,
        "{mismatches} of {} cases differ from CPython:\n{report}",
        fx.cases.len()
    );
}

// ---------------------------------------------------------------------------- tests

#[test]
fn format_c_matches_cpython() {
    let exe = work_dir().join("format_driver");
    if let Err(e) = compile_driver(&exe, 2, &[]) {
        panic!("{e}");
    }
    run_and_compare(&exe, &[]);
}

#[test]
fn format_c_compiles_without_warnings() {
    let file = common::manifest_dir().join("c/format.c");
    common::assert_compiles_clean(&file, &work_dir().join("format_warn.o"), &[]);
}

#[test]
fn format_c_under_sanitizers() {
    let exe = work_dir().join("format_driver_san");
    if let Err(e) = compile_driver(&exe, 1, &SANITIZE) {
        eprintln!("skipping: the C compiler cannot build with sanitizers:\n{e}");
        return;
    }
    run_and_compare(&exe, &sanitize_env(true));
}
