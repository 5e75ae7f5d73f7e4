-- 10,000 generations of the family bench-dev-api-base, one an hour from 2000-01-01, written straight into the local
-- cloud's state (metadata only: `kiln images` reads DescribeImages, never podman). Shaped like the rows CreateImage writes.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999),
rows AS (
  SELECT 'ami-' || printf('%017x', 1048576 + i) AS id,
         'bench-dev-api-base-' || strftime('%Y%m%d-%H%M', '2000-01-01', '+' || i || ' hours') AS name,
         strftime('%Y-%m-%dT%H:%M:%S', '2000-01-01', '+' || i || ' hours') AS at,
         'snap-' || printf('%017x', 1048576 + i) AS snap
  FROM n)
INSERT INTO objects (kind, id, name, created, json)
SELECT 'image', id, name, at || 'Z', json_object(
  'id', id, 'name', name, 'description', 'seeded by bench/cli', 'state', 'available', 'created', at || '+00:00',
  'loginUser', 'ec2-user',
  'blockDevices', json_array(json_object('deviceName', '/dev/xvda', 'snapshotId', snap, 'volumeSize', 50,
      'volumeType', 'gp2', 'deleteOnTermination', json('true'), 'encrypted', json('false'))),
  'tags', json_object('kiln:family', 'bench-dev-api-base'), 'rootDeviceName', '/dev/xvda')
FROM rows;
