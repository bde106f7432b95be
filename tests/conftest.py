import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "metro"
SEEDS = ROOT.parent / "shared" / "seeds"
DATA = pathlib.Path(os.environ.get("TOMTAT_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def example_dir():
    return EXAMPLE


@pytest.fixture
def seeds_dir():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS


# Slow tests: each takes seconds (a new interpreter loading the models, a process pool, Dask, a browser, retraining).
# Measured with `python -m pytest --durations=0 -q` on the 2-core machine: the whole suite ran 517 s of tests; the
# rest ran in 67 s under a load of 11 (81 s wall), less on an idle machine. `python -m pytest -m "not slow" -q` is
# the quick check (under 90 s); CI runs everything. A test is listed by file and name (all its parameters); list a
# new test here when it takes more than a second. Whole files: each of their tests starts a browser, a server
# process or a pool of workers.
SLOW_FILES = {"tests/test_browser.py", "tests/test_digest_browser.py", "tests/test_serve_store.py", "tests/test_server_workers.py"}
SLOW = {
    "tests/test_batch.py::test_error_records_in_order_and_run_goes_on",
    "tests/test_batch.py::test_exit_codes_and_one_line_errors",
    "tests/test_batch.py::test_hostile_rows_each_give_one_strict_line_and_resume_goes_past_them",
    "tests/test_batch.py::test_hostile_rows_through_the_cli_exit_1_not_2",
    "tests/test_batch.py::test_kill_half_way_then_resume_equals_uninterrupted_run",
    "tests/test_batch.py::test_resume_after_crash_mid_line_equals_uninterrupted_run",
    "tests/test_batch.py::test_resume_refuses_the_output_of_another_input",
    "tests/test_batch.py::test_unreachable_scheduler_leaves_existing_output_alone",
    "tests/test_batch.py::test_workers_2_and_dask_write_the_same_bytes",
    "tests/test_batch.py::test_workers_exit_when_only_the_parent_is_killed",
    "tests/test_browser.py::test_paste_summarize_and_click_through_to_the_source",
    "tests/test_cli.py::test_bad_arguments_are_one_line_exit_2",
    "tests/test_cli.py::test_bad_input_is_one_line_exit_2",
    "tests/test_cli.py::test_batch_unreadable_input_exit_2",
    "tests/test_cli.py::test_batch_writes_one_line_per_input_line_with_error_records",
    "tests/test_cli.py::test_legacy_encodings_give_the_same_summary",
    "tests/test_cli.py::test_partly_unreadable_folder_warns_and_summarizes",
    "tests/test_cli.py::test_stdin_articles_separated_by_dashes",
    "tests/test_cli.py::test_stdout_that_cannot_be_written_is_one_line_exit_2",
    "tests/test_cli.py::test_summarize_json_spans_point_into_files",
    "tests/test_cli.py::test_text_and_html_formats_and_output_file",
    "tests/test_cli.py::test_text_with_nothing_left_warns",
    "tests/test_cores.py::test_workers_prepare_in_order_the_summary_is_byte_identical_and_background_work_forks",
    "tests/test_cost_bounds.py::test_self_similar_text_checks_each_sentence_against_a_bounded_number_of_others",
    "tests/test_dates.py::test_cli_order_and_timeline",
    "tests/test_digest_browser.py::test_digest_page_reads_as_threads_and_events",
    "tests/test_digest_threads.py::test_cli_digest_reads_as_threads",
    "tests/test_digest_threads.py::test_server_digest_reads_as_threads",
    "tests/test_digest_threads.py::test_top_counts_threads_and_output_is_deterministic",
    "tests/test_eval.py::test_cli_gold_row_without_reference_or_missing_file_exits_2",
    "tests/test_extractive.py::test_training_rebuilds_the_committed_model_byte_for_byte",
    "tests/test_feed_hostile.py::test_a_fifo_alone_is_exit_2_one_line_without_blocking",
    "tests/test_feed_hostile.py::test_cli_cluster_reads_jsonl_on_stdin",
    "tests/test_feed_hostile.py::test_cli_digest_reads_separated_articles_on_stdin",
    "tests/test_feed_hostile.py::test_cluster_workers_die_with_a_sigkilled_parent",
    "tests/test_feed_hostile.py::test_fifo_and_device_named_jsonl_are_skipped_beside_a_good_feed",
    "tests/test_feed_hostile.py::test_stdin_cannot_be_combined_with_paths",
    "tests/test_feed_hostile.py::test_undecodable_file_name_is_read_and_written_as_replacement_characters",
    "tests/test_feed_hostile.py::test_undecodable_input_file_name_is_still_refused_as_output",
    "tests/test_linkage_cost.py::test_near_copies_cost_linear_work_and_form_one_story",
    "tests/test_newcomer.py::test_digest_shows_its_clustering_step_on_a_terminal_only",
    "tests/test_newcomer.py::test_the_readme_stdin_example_gives_a_summary",
    "tests/test_packaging.py::test_the_core_imports_neither_the_server_nor_dask",
    "tests/test_packaging.py::test_the_test_client_raises_no_deprecation_warning",
    "tests/test_properties.py::test_clean_spans_index_the_text",
    "tests/test_properties.py::test_decode_returns_text_or_raises_decode_error",
    "tests/test_readers.py::test_a_bad_stdin_part_through_the_cli",
    "tests/test_readers.py::test_dev_zero_given_directly_is_one_line_exit_2",
    "tests/test_readers.py::test_dev_zero_symlink_in_folder_is_skipped_and_the_articles_survive",
    "tests/test_readers.py::test_fifo_argument_is_refused_naming_it",
    "tests/test_readers.py::test_fifo_in_folder_is_skipped_with_a_warning_not_waited_on",
    "tests/test_readers.py::test_max_file_size_option",
    "tests/test_server_digest.py::test_json_digest_is_the_library_digest",
    "tests/test_server_schema.py::test_every_answer_matches_the_schema_and_none_is_a_500",
    "tests/test_server_workers.py::test_a_real_summary_past_its_limit_leaves_no_thread_and_no_process_running",
    "tests/test_server_workers.py::test_a_spinning_job_is_killed_at_the_limit_and_its_worker_replaced",
    "tests/test_server_workers.py::test_workers_are_processes_that_leave_with_the_server",
    "tests/test_store.py::test_digest_store_twice_second_day_is_an_update",
    "tests/test_store.py::test_sigkill_mid_ingest_then_rerun_equals_an_uninterrupted_run",
    "tests/test_store.py::test_unknown_schema_version_corrupt_foreign_and_locked_stores",
    "tests/test_store_examples.py::test_readme_walkthrough_on_the_shipped_feeds",
    "tests/test_stories.py::test_cli_digest_formats",
    "tests/test_stories.py::test_cli_jsonl_sources_every_article_once_and_batch_accepts",
    "tests/test_stories.py::test_cli_level_thread_writes_one_line_per_thread",
    "tests/test_stories.py::test_cli_min_size_abmusu_rows_and_folders",
    "tests/test_stories.py::test_cli_unusable_input_is_exit_2_one_line",
    "tests/test_stories.py::test_lone_surrogates_in_a_feed_become_replacement_characters",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("[")[0] in SLOW or item.nodeid.split("::")[0] in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
