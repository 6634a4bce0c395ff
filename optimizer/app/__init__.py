"""The planner's web page: every task of the command line by pointing and clicking, in Vietnamese (English on a
switch), served on this computer by Streamlit (``python3 run.py app``).

It speaks only to ``optimizer.api`` (a test enforces it), like the command line. The modules without Streamlit
hold what can be tested alone: ``workspace`` (where the page keeps its files), ``jobs`` (solves in a worker
process that a Cancel button stops), ``edits`` (a scenario built from edited tables), ``texts`` (the page's words);
``launch`` starts the server; ``main`` is the page itself and ``page_*`` its steps.
"""
