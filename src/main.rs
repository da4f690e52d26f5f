//! The `congkhai` command line: one file per command under `src/cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    congkhai::grow_heap_in_large_steps();
    cli::run()
}
