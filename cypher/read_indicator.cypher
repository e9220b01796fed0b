// One indicator with all its properties.
MATCH (i:Indicator {id: $indicator_id})
RETURN properties(i) AS props
