/* Test driver for text.c (with the real str.c, list.c, exc.c, io.c, format.c and the generated
 * unicode_db.c). Two modes:
 *
 *   text_driver CASES     reads cases (one a line: an operation and its arguments) and prints
 *                         one result line per case;
 *   text_driver --sweep   prints one line per code point 0..0x10FFFF with its properties;
 *   text_driver --perf    times operations on large texts ("<name> <seconds> <check>" lines).
 *
 * Arguments: strings and bytes as hex of their (generalized) UTF-8 / bytes, "-" for empty,
 * "N" for None; integers in decimal. Results:
 *   S <hex>    a str          B <hex>   a bytes        L <hex> <hex> ...   a list
 *   I <int>    an int         Y / N     a bool         P <flags>           predicates as 0/1
 *   E <ExceptionName> <hex of the message>
 *   BAD ...    an inconsistency found by the driver itself (a malformed result, ...)
 * The exact list of operations is in main() below and in tests/text_c.rs (PYTHON_SIDE). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpy.h"
#include "driver_common.h"

void test_gc_mark(void);
void test_gc_reset(void);
void test_gc_free_all(void);
void test_names_free(void);

static rpy_str *S(const char *h) {
    if (strcmp(h, "N") == 0) return NULL;
    Signed n;
    char *b = unhex(h, &n);
    rpy_str *s = rpy_str_from_utf8(b, n);
    free(b);
    return s;
}

static rpy_bytes *BY(const char *h) {
    if (strcmp(h, "N") == 0) return NULL;
    Signed n;
    char *b = unhex(h, &n);
    rpy_bytes *r = rpy_bytes_alloc(n);
    memcpy(r->data, b, (size_t)n);
    free(b);
    return r;
}

static Signed I(const char *t) { return strtoll(t, NULL, 10); }

/* Prints the pending exception, if any. */
static bool exc_reported(void) {
    if (!rpy_exc_occurred()) return false;
    rpy_object *e = rpy_exc_fetch();
    rpy_str *name = e->typeptr->name, *msg = ((rpy_exc_base *)e)->message;
    printf("E %.*s ", (int)name->nbytes, name->data);
    print_hex(msg ? msg->data : "", msg ? msg->nbytes : 0);
    putchar('\n');
    return true;
}

/* Well-formed (generalized) UTF-8 with `length` code points and a NUL after it? */
static const char *str_problem(rpy_str *s) {
    if (s->nbytes < 0 || s->length < 0 || s->length > s->nbytes) return "bad sizes";
    if (s->data[s->nbytes] != '\0') return "no NUL terminator";
    Signed cps = 0;
    const unsigned char *d = (const unsigned char *)s->data;
    for (Signed i = 0; i < s->nbytes;) {
        unsigned c = d[i];
        int len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
        if (len == 0 || i + len > s->nbytes) return "malformed UTF-8";
        for (int k = 1; k < len; k++)
            if ((d[i + k] & 0xc0) != 0x80) return "malformed UTF-8";
        if ((c == 0xe0 && d[i + 1] < 0xa0) || (c == 0xf0 && d[i + 1] < 0x90) || (c == 0xf4 && d[i + 1] > 0x8f))
            return "overlong or out of range UTF-8";
        i += len;
        cps++;
    }
    if (cps != s->length) return "wrong length";
    return NULL;
}

static void out_str(rpy_str *r) {
    if (exc_reported()) return;
    if (!r) { puts("BAD NULL result without an exception"); return; }
    const char *p = str_problem(r);
    if (p) { printf("BAD str result: %s\n", p); return; }
    fputs("S ", stdout);
    print_hex(r->data, r->nbytes);
    putchar('\n');
}

static void out_bytes(rpy_bytes *r) {
    if (exc_reported()) return;
    if (!r) { puts("BAD NULL result without an exception"); return; }
    if (r->data[r->length] != '\0') { puts("BAD bytes result without NUL terminator"); return; }
    fputs("B ", stdout);
    print_hex(r->data, r->length);
    putchar('\n');
}

static void out_list(rpy_list *l, bool of_bytes) {
    if (exc_reported()) return;
    if (!l) { puts("BAD NULL result without an exception"); return; }
    if (l->hdr.tid != RPY_TID_LIST_GC) { puts("BAD list result without GC items"); return; }
    for (Signed i = 0; i < l->length; i++) {
        void *it = (void *)(uintptr_t)l->items->items[i];
        if (!it) { puts("BAD NULL list item"); return; }
        if (!of_bytes && str_problem(it)) { printf("BAD list item: %s\n", str_problem(it)); return; }
    }
    putchar('L');
    for (Signed i = 0; i < l->length; i++) {
        putchar(' ');
        void *it = (void *)(uintptr_t)l->items->items[i];
        if (of_bytes) print_hex(((rpy_bytes *)it)->data, ((rpy_bytes *)it)->length);
        else print_hex(((rpy_str *)it)->data, ((rpy_str *)it)->nbytes);
    }
    putchar('\n');
}

static void out_int(Signed v) {
    if (exc_reported()) return;
    printf("I %" PRId64 "\n", v);
}

static void out_bool(bool v) {
    if (exc_reported()) return;
    puts(v ? "Y" : "N");
}

static rpy_list *list_of(char **tok, int n, bool of_bytes) {
    rpy_list *l = rpy_list_new(0, true);
    for (int i = 0; i < n; i++) {
        void *it = of_bytes ? (void *)BY(tok[i]) : (void *)S(tok[i]);
        rpy_list_append(l, (uint64_t)(uintptr_t)it);
    }
    return l;
}

/* ------------------------------------------------------------------ the code point sweep */

static void hex_str(rpy_str *s) {
    putchar(' ');
    if (!s || str_problem(s)) { fputs("BAD", stdout); return; }
    print_hex(s->data, s->nbytes);
}

static void sweep(UniChar lo, UniChar hi) {
    typedef bool (*pred_c)(UniChar);
    typedef bool (*pred_s)(rpy_str *);
    static const pred_c pc[] = {rpy_unichar_isdigit, rpy_unichar_isalpha, rpy_unichar_isalnum, rpy_unichar_isspace,
                                rpy_unichar_isupper, rpy_unichar_islower, rpy_unichar_istitle, rpy_unichar_isidentifier,
                                rpy_unichar_isdecimal, rpy_unichar_isnumeric, rpy_unichar_isprintable};
    static const pred_s ps[] = {rpy_str_isdigit, rpy_str_isalpha, rpy_str_isalnum, rpy_str_isspace,
                                rpy_str_isupper, rpy_str_islower, rpy_str_istitle, rpy_str_isidentifier,
                                rpy_str_isdecimal, rpy_str_isnumeric, rpy_str_isprintable};
    for (UniChar c = lo; c < hi; c++) {
        rpy_str *s = rpy_str_from_char(c);
        printf("%x ", (unsigned)c);
        for (size_t k = 0; k < sizeof pc / sizeof pc[0]; k++) {
            bool a = pc[k](c), b = ps[k](s);
            putchar(a != b ? '?' : a ? '1' : '0');
        }
        /* a line break: "a" c "b" splits into two lines */
        putchar(rpy_unicode_islinebreak(c) ? '1' : '0');
        printf(" %s %lld %lld", rpy_unicode_category_names[rpy_unicode_category(c)],
               (long long)rpy_unicode_decimal(c), (long long)rpy_unicode_digit(c));
        double v = rpy_unicode_numeric(c);
        uint64_t bits;
        memcpy(&bits, &v, 8);
        printf(" %" PRIx64, bits);
        rpy_str *up = rpy_str_upper(s), *low = rpy_str_lower(s);
        rpy_str *u1 = rpy_unichar_upper(c), *l1 = rpy_unichar_lower(c);
        if (!rpy_str_eq(up, u1) || !rpy_str_eq(low, l1)) fputs(" BADCHAR", stdout);
        hex_str(up);
        hex_str(low);
        hex_str(rpy_str_title(s));
        hex_str(rpy_str_casefold(s));
        hex_str(rpy_str_swapcase(s));
        hex_str(rpy_str_capitalize(s));
        hex_str(rpy_char_repr(c));
        putchar('\n');
        if (rpy_exc_occurred()) { puts("BAD exception"); rpy_exc_fetch(); }
        test_gc_reset();
    }
}

/* ------------------------------------------------------------------ timings on large texts */

#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double t0;
static void tick(void) { t0 = now(); }
static void tock(const char *what, Signed check) { printf("%s %.6f %lld\n", what, now() - t0, (long long)check); }

static rpy_str *big_text(const char *const *words, int nwords, Signed nbytes) {
    rpy_builder *sb = rpy_sb_new();
    uint64_t x = 88172645463325252ull;
    while (sb->nbytes < nbytes) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        rpy_str *w = rpy_str_from_cstr(words[x % (uint64_t)nwords]);
        rpy_sb_append(sb, w);
        rpy_sb_append_char(sb, (x >> 32) % 17 == 0 ? '\n' : ' ');
    }
    return rpy_sb_build(sb);
}

/* Each operation on a large text, timed; "check" values catch wrong results. */
static void perf(Signed size) {
    static const char *const ascii_words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                                              "Lorem", "ipsum", "dolor", "sit", "amet", "x", "yz"};
    static const char *const uni_words[] = {"stra\xc3\x9f" "e", "Gr\xc3\xb6\xc3\x9f" "e", "\xce\x9f\xce\x94\xce\x9f\xce\xa3",
                                            "\xcf\x83\xce\xbf\xcf\x86\xce\xaf\xce\xb1", "\xe6\x97\xa5\xe6\x9c\xac",
                                            "caf\xc3\xa9", "x\xf0\x9f\x99\x82y", "plain", "ascii", "Word"};
    for (int pass = 0; pass < 2; pass++) {
        const char *tag = pass == 0 ? "ascii" : "unicode";
        rpy_str *t = pass == 0 ? big_text(ascii_words, 15, size) : big_text(uni_words, 10, size);
        rpy_str *sp = rpy_str_from_cstr(" "), *nl = rpy_str_from_cstr("\n");
        char name[64];
#define T(label, expr, check) do { snprintf(name, sizeof name, "%s-%s", tag, label); tick(); expr; tock(name, check); } while (0)
        rpy_list *words = NULL, *parts = NULL;
        rpy_str *r = NULL;
        T("split_ws", words = rpy_str_split(t, NULL, -1), words->length);
        T("split_sep", parts = rpy_str_split(t, sp, -1), parts->length);
        T("rsplit_sep", parts = rpy_str_rsplit(t, sp, -1), parts->length);
        T("join", r = rpy_str_join(sp, parts), rpy_str_eq(r, t));
        T("splitlines", parts = rpy_str_splitlines(t, false), parts->length);
        rpy_str *w = pass == 0 ? rpy_str_from_cstr("fox") : rpy_str_from_cstr("\xcf\x83\xce\xbf\xcf\x86");
        Signed found = 0;
        T("find_loop_first_1000", for (Signed i = rpy_str_find(t, w, 0, INT64_MAX, false); i >= 0 && found < 1000;
                                       i = rpy_str_find(t, w, i + 1, INT64_MAX, false)) found++, found);
        T("count", found = rpy_str_count(t, w, 0, INT64_MAX), found);
        T("rfind", found = rpy_str_find(t, rpy_str_from_cstr("\x01"), 0, INT64_MAX, true), found);
        T("find_miss", found = rpy_str_find(t, rpy_str_from_cstr("zzzzq"), 0, INT64_MAX, false), found);
        T("replace", r = rpy_str_replace(t, w, rpy_str_from_cstr("WOLF!"), -1), r->length);
        T("replace_char", r = rpy_str_replace(t, sp, nl, -1), r->length);
        T("upper", r = rpy_str_upper(t), r->length);
        T("lower", r = rpy_str_lower(t), r->length);
        T("title", r = rpy_str_title(t), r->length);
        T("casefold", r = rpy_str_casefold(t), r->length);
        T("isalpha", found = rpy_str_isalpha(t), found);
        T("isprintable", found = rpy_str_isprintable(t), found);
        T("strip", r = rpy_str_strip(t, NULL, 0), r->length);
        T("encode", found = rpy_str_encode(t, 0)->length, found);
        T("decode", found = rpy_bytes_decode(rpy_str_encode(t, 0), 0)->length, found);
        T("slice_step", r = rpy_str_slice_step(t, 0, 0, 3, false, false), r->length);
        T("slice_back", r = rpy_str_slice_step(t, 0, 0, -2, false, false), r->length);
        T("endswith_mid", found = rpy_str_endswith(t, sp, 0, t->length / 2 + 1), found);
        test_gc_reset();
#undef T
    }
}

/* ------------------------------------------------------------------ main */

#define MAX_TOKENS 512

int main(int argc, char **argv) {
    /* str.c's caches of one-character strings and booleans live until exit */
    for (UniChar c = 0; c < 256; c++) rpy_str_from_char(c);
    rpy_str_from_bool(true);
    rpy_str_from_bool(false);
    test_gc_mark();
    if (argc >= 2 && strcmp(argv[1], "--sweep") == 0) {
        UniChar lo = argc >= 3 ? (UniChar)strtoul(argv[2], NULL, 16) : 0;
        UniChar hi = argc >= 4 ? (UniChar)strtoul(argv[3], NULL, 16) : 0x110000;
        sweep(lo, hi);
        test_gc_free_all();
        test_names_free();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--perf") == 0) {
        perf(argc >= 3 ? strtoll(argv[2], NULL, 10) : 16 << 20);
        test_gc_free_all();
        test_names_free();
        return 0;
    }
    if (argc != 2) { fprintf(stderr, "usage: %s CASES | --sweep [LO HI] | --perf [NBYTES]\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 2; }
    char *tok[MAX_TOKENS];
    while (next_case(f, tok, MAX_TOKENS) > 0) {
        const char *op = tok[0];
#define OP(name) (strcmp(op, name) == 0)
        /* ---- str */
        if (OP("join")) out_str(rpy_str_join(S(tok[1]), list_of(tok + 3, (int)I(tok[2]), false)));
        else if (OP("split")) out_list(rpy_str_split(S(tok[1]), S(tok[2]), I(tok[3])), false);
        else if (OP("rsplit")) out_list(rpy_str_rsplit(S(tok[1]), S(tok[2]), I(tok[3])), false);
        else if (OP("splitlines")) out_list(rpy_str_splitlines(S(tok[1]), I(tok[2]) != 0), false);
        else if (OP("strip")) out_str(rpy_str_strip(S(tok[1]), S(tok[2]), I(tok[3])));
        else if (OP("startswith")) out_bool(rpy_str_startswith(S(tok[1]), S(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("endswith")) out_bool(rpy_str_endswith(S(tok[1]), S(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("find")) out_int(rpy_str_find(S(tok[1]), S(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0));
        else if (OP("index")) out_int(rpy_str_index(S(tok[1]), S(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0));
        else if (OP("count")) out_int(rpy_str_count(S(tok[1]), S(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("replace")) out_str(rpy_str_replace(S(tok[1]), S(tok[2]), S(tok[3]), I(tok[4])));
        else if (OP("upper")) out_str(rpy_str_upper(S(tok[1])));
        else if (OP("lower")) out_str(rpy_str_lower(S(tok[1])));
        else if (OP("casefold")) out_str(rpy_str_casefold(S(tok[1])));
        else if (OP("capitalize")) out_str(rpy_str_capitalize(S(tok[1])));
        else if (OP("title")) out_str(rpy_str_title(S(tok[1])));
        else if (OP("swapcase")) out_str(rpy_str_swapcase(S(tok[1])));
        else if (OP("pred")) {
            rpy_str *s = S(tok[1]);
            bool r[] = {rpy_str_isdigit(s), rpy_str_isalpha(s), rpy_str_isalnum(s), rpy_str_isspace(s),
                        rpy_str_isupper(s), rpy_str_islower(s), rpy_str_istitle(s), rpy_str_isidentifier(s),
                        rpy_str_isdecimal(s), rpy_str_isnumeric(s), rpy_str_isprintable(s), rpy_str_isascii(s)};
            fputs("P ", stdout);
            for (size_t k = 0; k < sizeof r / sizeof r[0]; k++) putchar(r[k] ? '1' : '0');
            putchar('\n');
        }
        else if (OP("pad")) out_str(rpy_str_pad(S(tok[1]), I(tok[2]), (UniChar)I(tok[3]), I(tok[4])));
        else if (OP("zfill")) out_str(rpy_str_zfill(S(tok[1]), I(tok[2])));
        else if (OP("partition")) out_list(rpy_str_partition(S(tok[1]), S(tok[2]), I(tok[3]) != 0), false);
        else if (OP("expandtabs")) out_str(rpy_str_expandtabs(S(tok[1]), I(tok[2])));
        else if (OP("removeprefix")) out_str(rpy_str_removeprefix(S(tok[1]), S(tok[2])));
        else if (OP("removesuffix")) out_str(rpy_str_removesuffix(S(tok[1]), S(tok[2])));
        else if (OP("slice")) out_str(rpy_str_slice_step(S(tok[1]), I(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0, I(tok[6]) != 0));
        else if (OP("encode")) out_bytes(rpy_str_encode(S(tok[1]), I(tok[2])));
        /* ---- bytes */
        else if (OP("decode")) out_str(rpy_bytes_decode(BY(tok[1]), I(tok[2])));
        else if (OP("bconcat")) out_bytes(rpy_bytes_concat(BY(tok[1]), BY(tok[2])));
        else if (OP("beq")) out_bool(rpy_bytes_eq(BY(tok[1]), BY(tok[2])));
        else if (OP("bcmp")) out_int(rpy_bytes_cmp(BY(tok[1]), BY(tok[2])));
        else if (OP("bhash")) {
            rpy_bytes *a = BY(tok[1]), *b = BY(tok[1]);
            Signed h = rpy_bytes_hash(a);
            out_bool(h == rpy_bytes_hash(b) && h == rpy_bytes_hash(a) && h != -1);
        }
        else if (OP("bslice")) out_bytes(rpy_bytes_slice(BY(tok[1]), I(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0, I(tok[6]) != 0));
        else if (OP("bgetitem")) out_int(rpy_bytes_getitem(BY(tok[1]), I(tok[2])));
        else if (OP("brepr")) out_str(rpy_bytes_repr(BY(tok[1])));
        else if (OP("bfromlist")) {
            int n = (int)I(tok[1]);
            rpy_list *l = rpy_list_new(0, false);
            for (int k = 0; k < n; k++) rpy_list_append(l, (uint64_t)I(tok[2 + k]));
            out_bytes(rpy_bytes_from_list(l));
        }
        else if (OP("bjoin")) out_bytes(rpy_bytes_join(BY(tok[1]), list_of(tok + 3, (int)I(tok[2]), true)));
        else if (OP("bsplit")) out_list(rpy_bytes_split(BY(tok[1]), BY(tok[2]), I(tok[3])), true);
        else if (OP("brsplit")) out_list(rpy_bytes_rsplit(BY(tok[1]), BY(tok[2]), I(tok[3])), true);
        else if (OP("bstrip")) out_bytes(rpy_bytes_strip(BY(tok[1]), BY(tok[2]), I(tok[3])));
        else if (OP("bstartswith")) out_bool(rpy_bytes_startswith(BY(tok[1]), BY(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("bendswith")) out_bool(rpy_bytes_endswith(BY(tok[1]), BY(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("bfind")) out_int(rpy_bytes_find(BY(tok[1]), BY(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0));
        else if (OP("bindex")) out_int(rpy_bytes_index(BY(tok[1]), BY(tok[2]), I(tok[3]), I(tok[4]), I(tok[5]) != 0));
        else if (OP("bcount")) out_int(rpy_bytes_count(BY(tok[1]), BY(tok[2]), I(tok[3]), I(tok[4])));
        else if (OP("breplace")) out_bytes(rpy_bytes_replace(BY(tok[1]), BY(tok[2]), BY(tok[3]), I(tok[4])));
        else if (OP("bupper")) out_bytes(rpy_bytes_upper(BY(tok[1])));
        else if (OP("blower")) out_bytes(rpy_bytes_lower(BY(tok[1])));
        else if (OP("bpred")) {
            rpy_bytes *b = BY(tok[1]);
            bool r[] = {rpy_bytes_isdigit(b), rpy_bytes_isalpha(b), rpy_bytes_isalnum(b),
                        rpy_bytes_isspace(b), rpy_bytes_isupper(b), rpy_bytes_islower(b)};
            fputs("P ", stdout);
            for (size_t k = 0; k < sizeof r / sizeof r[0]; k++) putchar(r[k] ? '1' : '0');
            putchar('\n');
        }
        else printf("BAD unknown case %s\n", op);
#undef OP
        if (rpy_exc_occurred()) { puts("BAD exception left pending"); rpy_exc_fetch(); }
        test_gc_reset();
    }
    fclose(f);
    test_gc_free_all();
    test_names_free();
    return 0;
}
