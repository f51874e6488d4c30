//! Mis-encoded text (UTF-8 read as Windows-1252 or Mac Roman): detection and repair.
//!
//! Every maximal run of non-ASCII chars is mapped back to the bytes it came from
//! (Windows-1252 first, Mac Roman as a fallback). Where those bytes hold valid
//! UTF-8 the run was damaged and is replaced by the decoded text. Correct text
//! never decodes that way (a lone "ó" is byte 0xF3, not valid UTF-8), and decoded
//! chars must be plausible (Latin, punctuation, symbols, emoji), so legit pairs
//! such as "Ó”" are left alone. Bytes lost in transit (0x81, 0x8D, 0x8F, 0x90,
//! 0x9D undefined in Windows-1252, 0xAD soft hyphen dropped by editors) are put
//! back when exactly one is missing and the result is a letter, emoji or U+FE0F.

/// One line's damage: where the first damaged run starts, the word it is in as written, and the same word repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRepair {
    /// 1-based column (in chars) of the first damaged run in the line.
    pub col: usize,
    /// The whitespace-delimited word containing the first damaged run, as written (e.g. "MantenciÃ³n").
    pub damaged: String,
    /// That word repaired (e.g. "Mantención").
    pub repaired: String,
    /// The whole line repaired.
    pub line: String,
    /// How many damaged runs the line has.
    pub count: usize,
}

/// Windows-1252 bytes 0x80..=0x9F; the five undefined bytes stay C1 controls.
const CP1252: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";

/// Mac Roman bytes 0x80..=0xFF.
const MAC_ROMAN: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ\
    ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\
    \u{F8FF}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

/// Bytes that get lost in transit, in order of preference on ties.
const LOST: [u8; 6] = [0xAD, 0x8D, 0x81, 0x8F, 0x90, 0x9D];

/// Emoji common in technical documents that contain a lost-prone byte, most likely first.
const COMMON_EMOJI: &[char] = &[
    '🐛', '📁', '📝', '🔍', '🐳', '🌐', '🔐', '🏗', '⏱', '⏳', '⏰', '🏆', '🐧', '🐘', '🐙', '🏠',
    '🏢', '🏷', '📍', '📏', '📐', '🔁', '🔝', '🤝', '👍', '👏', '👁', '🎁', '😁', '😍', '🌍', '✍',
    '✏', '☝', '☁', '🔏', '🐞',
];

/// How a run's chars are turned back into bytes and which decoded chars are accepted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Windows-1252, any decoded char; only taken when the whole run decodes to 2+ chars.
    Lenient,
    /// Windows-1252, only plausible decoded chars.
    Strict,
    /// Mac Roman, only plausible decoded chars, no lost-byte recovery.
    Mac,
}

/// Checks one line (no newline). None when the line shows no damage. Must be fast: an ASCII-only line returns after one byte scan; a line of correct Spanish ("Migración de réplica, ñandú, 24×7, ≥ 99,5 %, 🔧") returns None.
pub fn repair_line(line: &str) -> Option<LineRepair> {
    if line.is_ascii() {
        return None;
    }
    let (fixed, col, count) = scan(line, true)?;
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let start = chars[..at]
        .iter()
        .rposition(char::is_ascii_whitespace)
        .map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(char::is_ascii_whitespace)
        .map_or(chars.len(), |p| at + p);
    let damaged: String = chars[start..end].iter().collect();
    Some(LineRepair {
        col,
        repaired: repair_all(&damaged),
        damaged,
        line: repair_all(&fixed),
        count,
    })
}

/// Repairs a whole text, line by line, keeping line endings.
pub fn repair_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive('\n') {
        let body = match piece.strip_suffix('\n') {
            Some(b) => b.strip_suffix('\r').unwrap_or(b),
            None => piece,
        };
        out.push_str(&repair_all(body));
        out.push_str(&piece[body.len()..]);
    }
    out
}

/// Repairs a whole text, keeping line endings, only where the repair is certain:
/// every damaged run of the line decodes to plausible text from the bytes as they
/// are. A line with a run that needs a lost byte guessed back (`librerÃas`) is
/// left as written.
pub fn repair_text_certain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive('\n') {
        let body = match piece.strip_suffix('\n') {
            Some(b) => b.strip_suffix('\r').unwrap_or(b),
            None => piece,
        };
        // A line is repaired whole or not at all: when the certain repair leaves
        // damage behind, the line stays as written, for a person.
        let fixed = repair_passes(body, false);
        if fixed != body && repair_line(&fixed).is_none() {
            out.push_str(&fixed);
        } else {
            out.push_str(body);
        }
        out.push_str(&piece[body.len()..]);
    }
    out
}

/// Repairs a string, repeating for text that was mis-decoded more than once.
fn repair_all(s: &str) -> String {
    repair_passes(s, true)
}

fn repair_passes(s: &str, guesses: bool) -> String {
    let mut out = s.to_string();
    for _ in 0..3 {
        if out.is_ascii() {
            break;
        }
        match scan(&out, guesses) {
            Some((fixed, _, _)) if fixed != out => out = fixed,
            _ => break,
        }
    }
    out
}

/// One pass over a line: the repaired line, the 1-based column of the first
/// damaged char and the number of damaged runs; None when nothing is damaged.
/// Without `guesses`, no lost byte is put back.
fn scan(line: &str, guesses: bool) -> Option<(String, usize, usize)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let (mut first, mut count, mut i) = (None, 0, 0);
    while i < chars.len() {
        if chars[i].is_ascii() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(char::is_ascii)
            .map_or(chars.len(), |p| i + p);
        let before = if i > 0 { chars[i - 1] } else { ' ' };
        let run = &chars[i..end];
        let fixed = [Mode::Lenient, Mode::Strict, Mode::Mac]
            .into_iter()
            .find_map(|mode| decode_run(run, before, mode, guesses));
        match fixed {
            Some((text, offset)) => {
                out.push_str(&text);
                count += 1;
                first.get_or_insert(i + offset + 1);
            }
            None => out.extend(run),
        }
        i = end;
    }
    first.map(|col| (out, col, count))
}

/// The byte a char came from, if it is one the encoding produces for 0x80..=0xFF.
fn to_byte(c: char, mode: Mode) -> Option<u8> {
    let (table, high) = match mode {
        Mode::Mac => (MAC_ROMAN, 0x80),
        _ if ('\u{80}'..='\u{FF}').contains(&c) => return u8::try_from(u32::from(c)).ok(),
        _ => (CP1252, 0x80),
    };
    let pos = table.chars().position(|t| t == c)?;
    u8::try_from(high + pos).ok()
}

/// Decodes a run of non-ASCII chars; returns the repaired run and the offset of
/// its first repaired char, or None when this mode finds no damage.
fn decode_run(run: &[char], before: char, mode: Mode, guesses: bool) -> Option<(String, usize)> {
    let bytes: Vec<Option<u8>> = run.iter().map(|&c| to_byte(c, mode)).collect();
    let mut out = String::new();
    let (mut prev, mut first, mut fixed, mut kept, mut i) = (before, None, 0, 0, 0);
    while i < run.len() {
        let need = match bytes[i] {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
        let seq: Vec<u8> = bytes[i..]
            .iter()
            .take(need + 1)
            .enumerate()
            .map_while(|(k, b)| b.filter(|&b| k == 0 || (0x80..=0xBF).contains(&b)))
            .collect();
        let got = if need > 0 && seq.len() == need + 1 {
            single_char(&seq)
                .filter(|&c| plausible(c, mode))
                .map(|c| (c, need + 1))
        } else if guesses && need > 0 && seq.len() == need && mode != Mode::Mac {
            complete(&seq, prev).map(|c| (c, need))
        } else {
            None
        };
        match got {
            Some((c, used)) => {
                out.push(c);
                first.get_or_insert(i);
                prev = c;
                fixed += 1;
                i += used;
            }
            None => {
                out.push(run[i]);
                prev = run[i];
                kept += 1;
                i += 1;
            }
        }
    }
    let damaged = match mode {
        Mode::Lenient => fixed >= 2 && kept == 0,
        _ => fixed > 0,
    };
    first.filter(|_| damaged).map(|offset| (out, offset))
}

/// The char when `bytes` are exactly one valid UTF-8 char.
fn single_char(bytes: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut it = s.chars();
    it.next().filter(|_| it.next().is_none())
}

/// Whether a decoded char is a believable original.
fn plausible(c: char, mode: Mode) -> bool {
    let u = u32::from(c);
    let odd = matches!(u, 0x80..=0x9F | 0xE000..=0xF8FF | 0xFFF0..=0xFFFF);
    match mode {
        Mode::Lenient => !odd,
        _ => {
            !odd && matches!(u, 0xA0..=0x17F | 0x2000..=0x2BFF | 0xFE00..=0xFE0F | 0xFEFF)
                || is_emoji(c)
        }
    }
}

/// Puts back one lost byte into an incomplete sequence (lead byte plus all but
/// one continuation byte), picking the most believable char.
fn complete(seq: &[u8], prev: char) -> Option<char> {
    let mut best: Option<(u32, char)> = None;
    for pos in 1..=seq.len() {
        for &lost in &LOST {
            let mut bytes = seq.to_vec();
            bytes.insert(pos, lost);
            let Some(c) = single_char(&bytes) else {
                continue;
            };
            let s = score(c, prev);
            if s > best.map_or(0, |(b, _)| b) {
                best = Some((s, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// How believable a recovered char is after `prev` (0: not at all).
fn score(c: char, prev: char) -> u32 {
    let after_symbol = is_emoji(prev)
        || ('\u{2000}'..='\u{2BFF}').contains(&prev)
        || matches!(prev, '0'..='9' | '#' | '*' | '©' | '®');
    match c {
        '\u{FE0F}' if after_symbol => 90,
        '\u{200D}' if is_emoji(prev) => 80,
        '\u{201D}' => 50,
        // "Ã" + lost byte: "í" inside a lowercase word, "Í" elsewhere.
        'À'..='ÿ' if c != '×' && c != '÷' => {
            if c.is_lowercase() == prev.is_lowercase() {
                70
            } else {
                60
            }
        }
        _ if is_emoji(c) => {
            let rank = COMMON_EMOJI.iter().position(|&e| e == c);
            20 + rank.map_or(0, |r| 40u32.saturating_sub(u32::try_from(r).unwrap_or(40)))
        }
        _ => 0,
    }
}

/// Emoji and pictographic symbols.
fn is_emoji(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1F004
            | 0x1F0CF
            | 0x1F170..=0x1F251
            | 0x1F300..=0x1F64F
            | 0x1F680..=0x1F6FF
            | 0x1F7E0..=0x1F7EB
            | 0x1F900..=0x1F9FF
            | 0x1FA70..=0x1FAFF
            | 0x231A
            | 0x231B
            | 0x2328
            | 0x23CF
            | 0x23E9..=0x23F3
            | 0x23F8..=0x23FA
            | 0x2600..=0x273F
            | 0x274C..=0x2757
            | 0x2763
            | 0x2764
            | 0x2794..=0x27BF
            | 0x2B05..=0x2B07
            | 0x2B1B
            | 0x2B1C
            | 0x2B50
            | 0x2B55
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        repair_line(line).map(|r| r.line).unwrap_or_default()
    }

    #[test]
    fn word_and_column() {
        let r = repair_line("# Plan de MantenciÃ³n NUAM").unwrap();
        assert_eq!(r.damaged, "MantenciÃ³n");
        assert_eq!(r.repaired, "Mantención");
        assert_eq!(r.line, "# Plan de Mantención NUAM");
        assert_eq!((r.col, r.count), (19, 1));
    }

    #[test]
    fn emoji_and_uppercase() {
        let r = repair_line("## ðŸ”§ MANTENCIÃ“N PREVENTIVA").unwrap();
        assert_eq!(r.line, "## 🔧 MANTENCIÓN PREVENTIVA");
        assert_eq!((r.col, r.count), (4, 2));
        assert_eq!((r.damaged.as_str(), r.repaired.as_str()), ("ðŸ”§", "🔧"));
        assert_eq!(
            fixed("## ðŸŽ¯ MÃ‰TRICAS DE Ã‰XITO"),
            "## 🎯 MÉTRICAS DE ÉXITO"
        );
    }

    #[test]
    fn lost_soft_hyphen() {
        let r =
            repair_line("- **Alcance**: Django, DRF, Oracle drivers, librerÃas Python").unwrap();
        assert_eq!(
            (r.damaged.as_str(), r.repaired.as_str()),
            ("librerÃas", "librerías")
        );
        assert_eq!(fixed("crÃticos y anÃ¡lisis"), "críticos y análisis");
        assert_eq!(fixed("AUDITORÃA"), "AUDITORÍA");
        assert_eq!(fixed("librer\u{C3}\u{AD}as"), "librerías");
    }

    #[test]
    fn lost_byte_at_word_start() {
        assert_eq!(
            fixed("- **Ãndices BD**: RevisiÃ³n trimestral"),
            "- **Índices BD**: Revisión trimestral"
        );
    }

    #[test]
    fn symbols() {
        assert_eq!(
            fixed("- **MÃ©tricas**: P95 API â‰¤ 800ms, uptime â‰¥ 99.5%"),
            "- **Métricas**: P95 API ≤ 800ms, uptime ≥ 99.5%"
        );
        assert_eq!(fixed("â€œHolaâ€ â€” dijo"), "“Hola” — dijo");
    }

    #[test]
    fn lost_variation_selector() {
        let line = "## \u{F0}\u{178}\u{203A}\u{A0}\u{EF}\u{B8} HERRAMIENTAS";
        assert_eq!(fixed(line), "## \u{1F6E0}\u{FE0F} HERRAMIENTAS");
        assert_eq!(fixed("â\u{161}\u{A0}ï¸ Ojo"), "⚠\u{FE0F} Ojo");
        assert_eq!(fixed("1ï¸âƒ£ Paso"), "1\u{FE0F}\u{20E3} Paso");
    }

    #[test]
    fn lost_byte_inside_emoji() {
        assert_eq!(
            fixed("## ðŸ› RESOLUCIÃ“N DE ERRORES"),
            "## 🐛 RESOLUCIÓN DE ERRORES"
        );
        assert_eq!(fixed("âŒ Error"), "❌ Error");
        assert_eq!(fixed("ðŸ‘¨â€ðŸ’» Dev"), "👨\u{200D}💻 Dev");
    }

    #[test]
    fn mac_roman() {
        let r = repair_line("archivos hu√©rfanos en `media/`").unwrap();
        assert_eq!(
            (r.damaged.as_str(), r.repaired.as_str()),
            ("hu√©rfanos", "huérfanos")
        );
        assert_eq!(r.line, "archivos huérfanos en `media/`");
    }

    #[test]
    fn twice_mis_decoded() {
        assert_eq!(fixed("MantenciÃƒÂ³n"), "Mantención");
    }

    #[test]
    fn no_damage() {
        let spanish = "Migración de réplica: ñandú, pingüino, 24×7, ≥ 99,5 %, “comillas”, \
                       — guion, 🔧 emoji, ¿Qué? ¡Sí!";
        assert_eq!(repair_line(spanish), None);
        assert_eq!(repair_line("«ÉXITO» “ACCIÓN” —Él dijo “Éxito”, SÍ…"), None);
        assert_eq!(repair_line("plain ASCII line"), None);
        assert_eq!(repair_line(""), None);
        assert_eq!(repair_text(spanish), spanish);
    }

    #[test]
    fn never_panics() {
        let mut chars: Vec<char> = ('\u{80}'..='\u{2FF}').collect();
        chars.extend(['🔧', '🐛', '\u{FE0F}', '\u{200D}', '€', '™', '≤']);
        for &a in &chars {
            for s in [
                format!("{a}"),
                format!("Ã{a}"),
                format!("{a}Ã"),
                format!("x{a}Ã y"),
                format!("ð{a}"),
                format!("â{a}"),
            ] {
                let _ = repair_line(&s);
                let _ = repair_text(&s);
            }
        }
    }

    #[test]
    fn a_certain_repair_leaves_guesses_alone() {
        let text = "Mantenci\u{C3}\u{B3}n de librer\u{C3}as\r\nhu\u{221A}\u{A9}rfanos\n";
        // "librerÃas" lost its second byte (0xAD): only a guess can put it back.
        assert_eq!(
            repair_text_certain(text),
            "Mantenci\u{C3}\u{B3}n de librer\u{C3}as\r\nhuérfanos\n"
        );
        assert_eq!(repair_text(text), "Mantención de librerías\r\nhuérfanos\n");
        // The byte kept as a C1 control is no guess.
        assert_eq!(repair_text_certain("librer\u{C3}\u{AD}as"), "librerías");
        assert_eq!(
            repair_text_certain("Ya está bien: ñandú 🔧"),
            "Ya está bien: ñandú 🔧"
        );
    }

    #[test]
    fn keeps_line_endings() {
        let text = "TÃ\u{AD}tulo\r\nlÃ\u{AD}nea\nfin\r\n\nÃºltima";
        assert_eq!(repair_text(text), "Título\r\nlínea\nfin\r\n\núltima");
        assert_eq!(repair_text("a\r\nb\n"), "a\r\nb\n");
        assert_eq!(repair_text(""), "");
    }
}
