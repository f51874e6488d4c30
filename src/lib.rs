//! bitacora: a static site generator for operations teams.
//!
//! Data flows one way: `source` reads files, `content` types them, `site` resolves the
//! whole site once, `render` turns it into HTML and `output` writes it. Everything
//! that goes wrong on the way is a `findings::Finding`; only `commands` prints.

pub mod charts;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod findings;
pub mod kpi;
pub mod markdown;
pub mod output;
pub mod preview;
pub mod publish;
pub mod render;
pub mod search;
pub mod site;
pub mod source;
pub mod workspace;
