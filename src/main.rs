//! The `faqbot` binary: a thin shell over the library (see `lib.rs` for the map).

fn main() -> std::process::ExitCode {
    faqbot::memory::limit_arenas();
    faqbot::cli::main()
}
