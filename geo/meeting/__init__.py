"""The council meeting: the agenda, its report and the meeting page's views."""
