//! KPI series from CSV exports: read (`read`), described and built (`series`),
//! thinned for drawing (`thin`), and judged against their targets (`status`).

pub mod block;
pub mod read;
pub mod series;
pub mod status;
pub mod thin;

pub use series::Series;
