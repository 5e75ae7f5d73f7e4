namespace Kiln.Aws.Tests.Fakes;

/// <summary>Auto Scaling and ELBv2 result bodies in the shapes of AWS's API reference examples (inside `{Action}Result`).</summary>
public static class AutoScalingXml
{
    public static string Group(string name, string launchTemplate = "<LaunchTemplate><LaunchTemplateName>web</LaunchTemplateName><Version>3</Version><LaunchTemplateId>lt-0b97f1e282EXAMPLE</LaunchTemplateId></LaunchTemplate>",
        string instances = "", string targetGroups = "", string tags = "") => $"""
        <member>
          <HealthCheckType>ELB</HealthCheckType>
          {launchTemplate}
          <Instances>{instances}</Instances>
          <TargetGroupARNs>{targetGroups}</TargetGroupARNs>
          <CreatedTime>2019-03-18T23:30:42.611Z</CreatedTime>
          <AutoScalingGroupName>{name}</AutoScalingGroupName>
          <DefaultCooldown>300</DefaultCooldown>
          <MinSize>1</MinSize>
          <MaxSize>5</MaxSize>
          <DesiredCapacity>2</DesiredCapacity>
          <HealthCheckGracePeriod>300</HealthCheckGracePeriod>
          <VPCZoneIdentifier>subnet-057fa0918fEXAMPLE,subnet-610acd08EXAMPLE</VPCZoneIdentifier>
          <Tags>{tags}</Tags>
          <AutoScalingGroupARN>arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/{name}</AutoScalingGroupARN>
          <AvailabilityZones><member>ap-northeast-1a</member><member>ap-northeast-1c</member></AvailabilityZones>
          <NewInstancesProtectedFromScaleIn>false</NewInstancesProtectedFromScaleIn>
          <ServiceLinkedRoleARN>arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling</ServiceLinkedRoleARN>
        </member>
        """;

    public static string Instance(string id, string state = "InService", string health = "Healthy", string version = "3") => $"""
        <member>
          <LaunchTemplate><LaunchTemplateName>web</LaunchTemplateName><Version>{version}</Version><LaunchTemplateId>lt-0b97f1e282EXAMPLE</LaunchTemplateId></LaunchTemplate>
          <HealthStatus>{health}</HealthStatus><AvailabilityZone>ap-northeast-1a</AvailabilityZone><InstanceId>{id}</InstanceId>
          <InstanceType>t2.micro</InstanceType><LifecycleState>{state}</LifecycleState><ProtectedFromScaleIn>false</ProtectedFromScaleIn>
        </member>
        """;

    public static string Groups(string? nextToken, params string[] groups) =>
        $"<AutoScalingGroups>{string.Concat(groups)}</AutoScalingGroups>{(nextToken is null ? "" : $"<NextToken>{nextToken}</NextToken>")}";

    public static string TargetGroup(string name, string arn) => $"""
        <member>
          <TargetGroupArn>{arn}</TargetGroupArn><HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
          <HealthCheckPort>traffic-port</HealthCheckPort><Matcher><HttpCode>200</HttpCode></Matcher>
          <TargetGroupName>{name}</TargetGroupName><HealthCheckProtocol>HTTP</HealthCheckProtocol><HealthCheckPath>/health</HealthCheckPath>
          <Protocol>HTTP</Protocol><Port>80</Port><VpcId>vpc-3ac0fb5f</VpcId><HealthyThresholdCount>5</HealthyThresholdCount>
          <HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds><UnhealthyThresholdCount>2</UnhealthyThresholdCount>
          <TargetType>instance</TargetType><LoadBalancerArns><member>arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188</member></LoadBalancerArns>
        </member>
        """;
}
