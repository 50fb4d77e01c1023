/* SPDX-License-Identifier: GPL-2.0 */
int count_words(const char *s);
