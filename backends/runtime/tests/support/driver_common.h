/* Helpers shared by the test drivers (included after rpy.h). Functions are static inline, so
 * a driver that does not use one gets no warning for it. */
#ifndef DRIVER_COMMON_H
#define DRIVER_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Fails the driver with a message on stderr when cond does not hold. */
#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "FAIL %s:%d: (%s) ", __FILE__, __LINE__, #cond);    \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
            exit(1);                                                            \
        }                                                                       \
    } while (0)

/* Random numbers (xorshift64*); a driver seeds them by setting rng_state. */
static uint64_t rng_state __attribute__((unused)) = 0x9e3779b97f4a7c15ull;
static inline uint64_t rnd(void) {
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1Dull;
}
static inline Signed below(Signed n) { return n <= 0 ? 0 : (Signed)(rnd() % (uint64_t)n); }

/* Prints n bytes as hex, "-" for none (how the Rust tests exchange texts with drivers). */
static inline void print_hex(const char *s, Signed n) {
    if (n == 0) { putchar('-'); return; }
    static const char hexd[] = "0123456789abcdef";   /* not printf: the text sweep prints a lot */
    for (Signed i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        putchar(hexd[c >> 4]);
        putchar(hexd[c & 15]);
    }
}

/* Decodes hex ("-": empty) into a malloc'd NUL-terminated buffer; *len receives its length. */
static inline char *unhex(const char *h, Signed *len) {
    size_t n = strcmp(h, "-") == 0 ? 0 : strlen(h) / 2;
    char *out = malloc(n + 1);
    if (!out) abort();
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) v = '?';
        out[i] = (char)v;
    }
    out[n] = '\0';
    *len = (Signed)n;
    return out;
}

/* Reads the next case from f: the next non-empty line, split at spaces into tok (at most max
 * tokens, valid until the next call). Returns the number of tokens, 0 at the end of the file. */
static inline int next_case(FILE *f, char **tok, int max) {
    static char *line = NULL;
    static size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        if (line[got - 1] == '\n') line[--got] = '\0';
        int nt = 0;
        for (char *p = strtok(line, " "); p && nt < max; p = strtok(NULL, " ")) tok[nt++] = p;
        if (nt > 0) return nt;
    }
    free(line);
    line = NULL;
    cap = 0;
    return 0;
}

#endif
