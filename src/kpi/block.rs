//! A ```` ```kpi ```` block in a page: TOML naming the series to draw in place.
//!
//! ```text
//! series = "api_p95_ms"      # required
//! from = 2025-09-01          # optional window of time
//! to = 2025-10-31
//! kind = "bar"               # line, bar or area; the series' own by default
//! height = 240               # pixels
//! table = true               # the values under the chart
//! ```

use super::series::ChartKind;
use crate::content::time::Date;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub series: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub kind: Option<ChartKind>,
    pub height: Option<u32>,
    #[serde(default)]
    pub table: bool,
}

impl Block {
    /// Reads a block's text; the error says what is wrong in one line.
    pub fn parse(text: &str) -> Result<Block, String> {
        let block: Block = toml::from_str(text).map_err(|e| e.message().replace('\n', " "))?;
        if let (Some(from), Some(to)) = (block.from, block.to) {
            if to < from {
                return Err(format!("`to` ({to}) is before `from` ({from})"));
            }
        }
        if block.height.is_some_and(|h| !(120..=1200).contains(&h)) {
            return Err("height is in pixels, from 120 to 1200".into());
        }
        Ok(block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_their_mistakes() {
        let b = Block::parse("series = \"p95\"\nfrom = 2025-09-01\ntable = true\nkind = \"bar\"")
            .unwrap();
        assert_eq!(b.series, "p95");
        assert!(b.table);
        assert_eq!(b.kind, Some(ChartKind::Bar));
        assert!(Block::parse("series = \"p95\"\ncolor = \"red\"")
            .unwrap_err()
            .contains("color"));
        assert!(Block::parse("from = 2025-09-01")
            .unwrap_err()
            .contains("series"));
        assert!(Block::parse("series = \"p95\"\nkind = \"pie\"").is_err());
        assert!(
            Block::parse("series = \"p\"\nfrom = 2025-10-01\nto = 2025-09-01")
                .unwrap_err()
                .contains("before")
        );
        assert!(Block::parse("series = \"p\"\nheight = 5000").is_err());
    }
}
