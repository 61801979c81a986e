"""Civilian harm: harm events with their figures as ranges, victims, graded sources with
archived copies, verification by a second person, sharing with monitors, and the
telecommunications outage log."""
