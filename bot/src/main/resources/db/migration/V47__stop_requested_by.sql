-- Who pressed Stop on a running plan, so the instance running it (this one or another) can title
-- its end "Stopped by <who>" rather than as a failure. The first press is the one named.
ALTER TABLE confirmations ADD COLUMN stop_requested_by VARCHAR(200);
