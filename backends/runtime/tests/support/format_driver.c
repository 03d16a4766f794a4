/* Test driver for format.c: reads cases (one a line) from the file named by argv[1] and prints
 * one result line per case:  "V <hex of the UTF-8 result>"  or  "E <ExceptionName> <hex of the
 * message>"  ("-" stands for empty hex).  Case lines:
 *   R <float bits hex>                      repr(float)
 *   FI <int> <spec hex>                     format(int, spec)
 *   FF <float bits hex> <spec hex>          format(float, spec)
 *   FS <str hex> <spec hex>                 format(str, spec)
 *   B <int> <base> <prefix 0|1>             hex()/oct()/bin()/str() of an int
 *   X <float bits hex> <precision>          format(float, '.<precision>f')
 *   P <fmt hex> <nargs> <arg>...            fmt % tuple(args); arg: i:<int> f:<bits> s:<hex> o:<hex>
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "driver_common.h"

extern int test_exc_kind;
extern char *test_exc_message;
extern int test_exc_count;
void test_exc_clear(void);

static const char *exc_name(int kind) {
    switch (kind) {
    case RPY_EXC_ValueError: return "ValueError";
    case RPY_EXC_TypeError: return "TypeError";
    case RPY_EXC_OverflowError: return "OverflowError";
    case RPY_EXC_MemoryError: return "MemoryError";
    default: return "OtherError";
    }
}

static Signed count_cp(const char *s, Signed n) {
    Signed c = 0;
    for (Signed i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

static double bits_to_double(const char *h) {
    uint64_t b = strtoull(h, NULL, 16);
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static void report(rpy_str *r) {
    if (r == NULL) {
        if (test_exc_count != 1) printf("BAD returned NULL with %d exceptions raised\n", test_exc_count);
        else {
            printf("E %s ", exc_name(test_exc_kind));
            print_hex(test_exc_message, (Signed)strlen(test_exc_message));
            putchar('\n');
        }
    } else if (test_exc_count != 0) {
        printf("BAD returned a result and raised %s\n", test_exc_message);
        free(r);
    } else if (r->data[r->nbytes] != '\0' || (Signed)strlen(r->data) > r->nbytes ||
               count_cp(r->data, r->nbytes) != r->length) {
        printf("BAD result length fields: nbytes %" PRId64 " length %" PRId64 "\n", r->nbytes, r->length);
        free(r);
    } else {
        fputs("V ", stdout);
        print_hex(r->data, r->nbytes);
        putchar('\n');
        free(r);
    }
    test_exc_clear();
}

#define MAX_TOKENS 64

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s CASES\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "r");
    if (!f) { perror(argv[1]); return 2; }
    char *tok[MAX_TOKENS];
    while (next_case(f, tok, MAX_TOKENS) > 0) {
        const char *op = tok[0];
        if (strcmp(op, "R") == 0) {
            double v = bits_to_double(tok[1]);
            char buf[32];
            int n = rpy_format_float_repr(buf, v);
            rpy_str *s = rpy_float_repr(v);
            if ((int)strlen(buf) != n || s->nbytes != n || memcmp(s->data, buf, (size_t)n) != 0)
                printf("BAD repr buffer and rpy_float_repr disagree\n");
            report(s);
        } else if (strcmp(op, "FI") == 0) {
            Signed slen;
            char *spec = unhex(tok[2], &slen);
            report(rpy_format_int_spec(strtoll(tok[1], NULL, 10), spec, slen));
            free(spec);
        } else if (strcmp(op, "FF") == 0) {
            Signed slen;
            char *spec = unhex(tok[2], &slen);
            report(rpy_format_float_spec(bits_to_double(tok[1]), spec, slen));
            free(spec);
        } else if (strcmp(op, "FS") == 0) {
            Signed slen, vlen;
            char *spec = unhex(tok[2], &slen);
            char *val = unhex(tok[1], &vlen);
            report(rpy_format_str_spec(val, vlen, count_cp(val, vlen), spec, slen));
            free(spec);
            free(val);
        } else if (strcmp(op, "B") == 0) {
            report(rpy_int_to_base(strtoll(tok[1], NULL, 10), atoi(tok[2]), atoi(tok[3]) != 0));
        } else if (strcmp(op, "X") == 0) {
            report(rpy_float_to_fixed(bits_to_double(tok[1]), atoi(tok[2])));
        } else if (strcmp(op, "P") == 0) {
            Signed flen;
            char *fmt = unhex(tok[1], &flen);
            int nargs = atoi(tok[2]);
            rpy_fmt_arg args[MAX_TOKENS];
            char *bufs[MAX_TOKENS];
            for (int k = 0; k < nargs; k++) {
                const char *a = tok[3 + k];
                rpy_fmt_arg *x = &args[k];
                memset(x, 0, sizeof *x);
                bufs[k] = NULL;
                if (a[0] == 'i') {
                    x->kind = RPY_FMT_INT;
                    x->i = strtoll(a + 2, NULL, 10);
                } else if (a[0] == 'f') {
                    x->kind = RPY_FMT_FLOAT;
                    x->f = bits_to_double(a + 2);
                } else {
                    x->kind = RPY_FMT_STR;
                    bufs[k] = unhex(a + 2, &x->s_nbytes);
                    x->s = bufs[k];
                    x->s_length = count_cp(x->s, x->s_nbytes);
                }
            }
            report(rpy_format_percent(fmt, flen, args, nargs));
            for (int k = 0; k < nargs; k++) free(bufs[k]);
            free(fmt);
        } else {
            printf("BAD unknown case %s\n", op);
        }
    }
    fclose(f);
    test_exc_clear();
    return 0;
}
