//! Splitting a file into front matter and body.

/// A file split in two. `body_line` is how many lines come before the body, so that a
/// body line number plus `body_line` is the line in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: Option<&'a str>,
    pub body: &'a str,
    pub body_line: usize,
}

/// The front matter was opened but never closed.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed;

const FENCE: &str = "+++";

/// TOML front matter sits between two `+++` lines at the very top of the file.
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let Some(rest) = strip_fence_line(text) else {
        return Ok(Split {
            front: None,
            body: text,
            body_line: 0,
        });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == FENCE {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                front: Some(front),
                body,
                body_line: i + 2,
            });
        }
        offset += line.len();
    }
    Err(Unclosed)
}

fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(FENCE)?;
    let end = rest.find('\n').unwrap_or(rest.len());
    if !rest[..end].trim().is_empty() {
        return None;
    }
    Some(rest.get(end + 1..).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        let s = split("# Title\n").unwrap();
        assert_eq!(s.front, None);
        assert_eq!(s.body_line, 0);
    }

    #[test]
    fn toml_front_matter() {
        let s = split("+++\ntitle = \"a\"\n+++\n# Body\n").unwrap();
        assert_eq!(s.front, Some("title = \"a\"\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 3);
    }

    #[test]
    fn empty_front_matter_at_end_of_file() {
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.front, Some(""));
        assert_eq!(s.body, "");
    }

    #[test]
    fn unclosed() {
        assert_eq!(split("+++\ntitle = 1\n# Body\n"), Err(Unclosed));
    }

    #[test]
    fn plus_line_that_is_not_a_fence() {
        let s = split("+++ nope\n").unwrap();
        assert_eq!(s.front, None);
    }
}
