/* str and bytes methods, encodings and Unicode character classes (text.c, unicode_db.c). */
#ifndef RPY_TEXT_H
#define RPY_TEXT_H
#endif
