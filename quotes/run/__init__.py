"""Running the two stages: processes on one machine (:mod:`.pipeline`) or Spark (:mod:`.spark`)."""
